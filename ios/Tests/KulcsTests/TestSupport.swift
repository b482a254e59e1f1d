//! Owns what the Swift tests share (twin of Kotlin's screens/TestSupport.kt): a clock the test
//! moves, a temporary directory with vaults in it, the codes a key makes, a drawn camera frame,
//! and the sync helpers (two accounts, a sync transfer, a folder that misbehaves).
import Foundation
import Kulcs
import XCTest

/// The Unix time most tests run at: `examples/ugyfelkapu-enrolment.png` gives 461751 then.
let t0: Int64 = 1_700_000_000

/// A clock the test moves by hand (Unix milliseconds).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var ms: Int64
    init(seconds: Int64 = t0) { ms = seconds * 1000 }
    var millis: Int64 {
        get { lock.lock(); defer { lock.unlock() }; return ms }
        set { lock.lock(); ms = newValue; lock.unlock() }
    }
    func set(seconds: Int64) { millis = seconds * 1000 }
    var wall: WallClock { WallClock { [self] in self.millis } }
}

/// Counts calls from any thread (a vault's change listener).
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func bump() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}

/// A fresh directory under the system temp dir, removed by `remove()` (call it in tearDown).
struct TempDir {
    let url: URL

    init(_ prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kulcs-\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A new vault `name`.kulcs whose device key is the file `name`.key beside it.
    func vault(_ name: String = "vault", clock: WallClock) throws -> KulcsVault {
        try KulcsVault.create(at: url.appendingPathComponent("\(name).kulcs"),
                              keyStore: FileKeyStore(path: url.appendingPathComponent("\(name).key").path), clock: clock)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The TOTP/SHA1/6/30 code of a base32 key at a Unix time, straight from core.
func codeOf(_ base32: String, at unix: Int64) throws -> String {
    try SetupKey.fromBase32(text: base32).codeAt(params: defaultOtpParams(), unixTime: unix)
}

/// The example enrolment image (Ügyfélkapu+, 461751 at `t0`).
func enrolmentImage() throws -> Data { try Data(contentsOf: Repo.file("examples/ugyfelkapu-enrolment.png")) }

/// A Y plane holding `otpauth://totp/Test:alice?secret=JBSWY3DPEHPK3PXP&issuer=Test`, drawn from
/// the module matrix that FrameAnalyzerTests uses (copied: that file belongs to the shell).
/// Linux Swift has no PNG decoder, so the example enrolment PNG goes through `addImage` instead.
enum DrawnEnrolment {
    static let matrix = [
        "#######...#.#.#.#..###.#..#######",
        "#.....#.#.#..#.##.##.##...#.....#",
        "#.###.#.....#.####...####.#.###.#",
        "#.###.#.###.####.#..#.#...#.###.#",
        "#.###.#..#....#.#.#.##.#..#.###.#",
        "#.....#.##.##.##..........#.....#",
        "#######.#.#.#.#.#.#.#.#.#.#######",
        ".........###...##.##.###.........",
        "#####.####.#...##.....##.#.#.#.#.",
        "...##..#..#.##.##..#######...####",
        "..#.#.#.#.#..####.#......#..####.",
        "#.#..#..#...##.##.##.#......####.",
        ".....######.#.#.#...#.#.##.###...",
        "..#.#....#.......#..##.#..##.##.#",
        "...####.#.###..#.#...##..#.#..##.",
        "..#.....##.#..#...#..#####.#.##..",
        "#.....#.#..#...###....#.##..#....",
        ".#..##...#..###.#.##.###.##....##",
        ".#..#.#.#.#..####...###....#..##.",
        ".#.##..##.#.##.##.##.#..###...#..",
        "..#..###.#..#.##..#.#..###..##.#.",
        "##.###....#.....####..##.##....##",
        "#..##.####.##..##...###.##..#..#.",
        "#.#.....#.##..###.#..##.....#.###",
        "#.#.#.#.#.##...##############..##",
        "........###.###.#.#.#...#...##..#",
        "#######.#....#####..#..##.#.##.#.",
        "#.....#.....##....####.##...#.###",
        "#.###.#.##..#.####..###.#####..#.",
        "#.###.#.#.#.....###.##.##..###..#",
        "#.###.#.##.##..##.#.#...###..#...",
        "#.....#.#.##..#....#.#....##.##..",
        "#######.#.##...###..#####.#..#.#.",
    ]

    static func plane(padding: Int = 32) -> (data: Data, width: Int, height: Int, stride: Int) {
        let scale = 4, quiet = 4, modules = matrix.count
        let side = (modules + 2 * quiet) * scale
        let stride = side + padding
        var bytes = [UInt8](repeating: 0, count: stride * side)
        for y in 0..<side {
            for x in 0..<side {
                let mx = x / scale - quiet, my = y / scale - quiet
                let dark = (0..<modules).contains(mx) && (0..<modules).contains(my) && Array(matrix[my])[mx] == "#"
                bytes[y * stride + x] = dark ? 20 : 230
            }
        }
        return (Data(bytes), side, side, stride)
    }
}

let bank = "otpauth://totp/Bank:anna?secret=KULCSPELDAKULCS2&issuer=Bank"
let mail = "otpauth://totp/Mail:anna?secret=JBSWY3DPEHPK3PXP&issuer=Mail"

/// A sync transfer from `old` to `new` through the bindings: `new` joins `old`'s group.
func joinBySyncTransfer(_ old: KulcsVault, _ new: KulcsVault) throws {
    let receiver = try VaultTransferReceiver(vault: new)
    let sender = VaultTransferSender(vault: old, withSync: true)
    try sender.scanOffer(receiver.offerText)
    for frame in try sender.confirm(typedCode: receiver.revealCode()) {
        _ = try receiver.accept(frameText: frame)
    }
    _ = try receiver.importAll()
}

/// Wraps a folder; reading `failing` throws a plain Swift error, listing throws when `unmounted`.
final class HostileFolder: SyncFolder, @unchecked Sendable {
    struct DiskOnFire: Error, CustomStringConvertible { var description: String { "disk on fire" } }
    let inner: SyncFolder
    var failing: String?
    var unmounted = false
    init(_ inner: SyncFolder) { self.inner = inner }
    func list() throws -> [String] {
        if unmounted { throw SyncFolderError.Io(reason: "the folder was unmounted") }
        return try inner.list()
    }
    func read(name: String, maxBytes: UInt64) throws -> Data {
        if name == failing { throw DiskOnFire() }
        return try inner.read(name: name, maxBytes: maxBytes)
    }
    func write(name: String, bytes: Data) throws { try inner.write(name: name, bytes: bytes) }
    func delete(name: String) throws { try inner.delete(name: name) }
}
