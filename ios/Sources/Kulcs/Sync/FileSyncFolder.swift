//! Owns the plain-file sync folder (Swift twin of FileSyncFolder.kt): core's SyncFolder over
//! FileManager, for the Linux tests and desktop tools; the app uses CoordinatedSyncFolder.
import Foundation

/// A directory on this machine's file system. `write` uses `Data.write(options: .atomic)`: a
/// temporary file renamed over the target, so a reader sees the old or the new replica.
public final class FileSyncFolder: SyncFolder, Sendable {
    private let dir: URL

    public init(directory: URL) {
        dir = directory
    }

    func file(_ name: String) throws -> URL {
        if name.isEmpty || name == "." || name == ".." || name.contains(where: { $0 == "/" || $0 == "\\" || $0 == "\0" }) {
            throw SyncFolderError.Io(reason: "\"\(name)\" is not a plain file name")
        }
        return dir.appendingPathComponent(name)
    }

    public func list() throws -> [String] {
        try folderIo {
            try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: [.isRegularFileKey])
                .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
                .map { $0.lastPathComponent }
        }
    }

    public func read(name: String, maxBytes: UInt64) throws -> Data {
        let url = try file(name)
        return try folderIo { try readBounded(url, maxBytes: maxBytes) }
    }

    public func write(name: String, bytes: Data) throws {
        let url = try file(name)
        try folderIo { try bytes.write(to: url, options: .atomic) }
    }

    public func delete(name: String) throws {
        let url = try file(name)
        try folderIo {
            guard FileManager.default.fileExists(atPath: url.path) else { return }
            try FileManager.default.removeItem(at: url)
        }
    }
}

/// Reads `url` whole, refusing (without reading) a file over `maxBytes`, and again if it grew.
func readBounded(_ url: URL, maxBytes: UInt64) throws -> Data {
    guard FileManager.default.fileExists(atPath: url.path) else { throw SyncFolderError.NotFound }
    let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.uint64Value ?? 0
    if size > maxBytes { throw SyncFolderError.TooLarge(max: maxBytes) }
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    let limit = Int(min(maxBytes, UInt64(Int.max - 1))) + 1
    let data = try handle.read(upToCount: limit) ?? Data()
    if UInt64(data.count) > maxBytes { throw SyncFolderError.TooLarge(max: maxBytes) }
    return data
}

/// Runs a file operation, turning Foundation errors into `SyncFolderError` (a missing file is
/// `NotFound`, anything else `Io` with the platform's words).
func folderIo<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as SyncFolderError {
        throw e
    } catch let e as CocoaError where e.code == .fileNoSuchFile || e.code == .fileReadNoSuchFile {
        throw SyncFolderError.NotFound
    } catch {
        throw SyncFolderError.Io(reason: error.localizedDescription)
    }
}
