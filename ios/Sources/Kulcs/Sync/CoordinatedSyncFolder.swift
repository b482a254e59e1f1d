//! Owns the iOS sync folder: core's SyncFolder over a folder the user picked (iCloud Drive, or
//! any Files provider), kept as a security-scoped bookmark, every access through NSFileCoordinator.
// Apple platforms only: Linux's Foundation has neither security-scoped bookmarks nor
// NSFileCoordinator, so this file is not compiled (nor tested) by scripts/test-swift.sh.
#if canImport(Darwin)
import Foundation

/// A folder picked with `UIDocumentPickerViewController(forOpeningContentTypes: [.folder])`.
/// Keep `bookmark(for:)`'s data in the app's preferences; each call resolves it, opens the
/// security scope for the call's duration, and coordinates with iCloud and other apps:
/// reads with a reading coordinator, `write` with `.forReplacing` and `Data.write(.atomic)`
/// (a temporary file renamed over the replica: readers see the old or the new file), `delete`
/// with `.forDeleting`. Files iCloud has not downloaded yet (`.name.icloud` placeholders) are
/// asked for and show up in a later round.
public final class CoordinatedSyncFolder: SyncFolder, Sendable {
    private let bookmark: Data

    /// The folder a bookmark names (from `bookmark(for:)`).
    public init(bookmark: Data) {
        self.bookmark = bookmark
    }

    /// The bookmark to store for a URL the document picker returned.
    public static func bookmark(for url: URL) throws -> Data {
        let scoped = url.startAccessingSecurityScopedResource()
        defer { if scoped { url.stopAccessingSecurityScopedResource() } }
        #if os(macOS)
        return try url.bookmarkData(options: .withSecurityScope, includingResourceValuesForKeys: nil, relativeTo: nil)
        #else
        return try url.bookmarkData(options: [], includingResourceValuesForKeys: nil, relativeTo: nil)
        #endif
    }

    /// Resolves the bookmark and runs `body` inside the folder's security scope.
    private func scoped<T>(_ body: (URL) throws -> T) throws -> T {
        var stale = false
        #if os(macOS)
        let options: URL.BookmarkResolutionOptions = .withSecurityScope
        #else
        let options: URL.BookmarkResolutionOptions = []
        #endif
        let dir = try folderIo { try URL(resolvingBookmarkData: bookmark, options: options, relativeTo: nil, bookmarkDataIsStale: &stale) }
        let open = dir.startAccessingSecurityScopedResource()
        defer { if open { dir.stopAccessingSecurityScopedResource() } }
        return try body(dir)
    }

    private enum Access { case read, replace, delete }

    /// Runs `body` on `url` under a file coordinator.
    private func coordinated<T>(_ url: URL, _ access: Access, _ body: (URL) throws -> T) throws -> T {
        let coordinator = NSFileCoordinator(filePresenter: nil)
        var failure: NSError?
        var result: Result<T, Error>?
        switch access {
        case .read:
            coordinator.coordinate(readingItemAt: url, options: [], error: &failure) { u in result = Result { try body(u) } }
        case .replace:
            coordinator.coordinate(writingItemAt: url, options: .forReplacing, error: &failure) { u in result = Result { try body(u) } }
        case .delete:
            coordinator.coordinate(writingItemAt: url, options: .forDeleting, error: &failure) { u in result = Result { try body(u) } }
        }
        if let failure { throw SyncFolderError.Io(reason: failure.localizedDescription) }
        guard let result else { throw SyncFolderError.Io(reason: "the file coordinator did not run the access") }
        return try result.get()
    }

    private func checked(_ name: String) throws -> String {
        if name.isEmpty || name == "." || name == ".." || name.contains(where: { $0 == "/" || $0 == "\\" || $0 == "\0" }) {
            throw SyncFolderError.Io(reason: "\"\(name)\" is not a plain file name")
        }
        return name
    }

    public func list() throws -> [String] {
        try scoped { dir in
            try coordinated(dir, .read) { dir in
                try folderIo {
                    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
                    for n in names where n.hasPrefix(".") && n.hasSuffix(".icloud") {
                        try? FileManager.default.startDownloadingUbiquitousItem(at: dir.appendingPathComponent(n))
                    }
                    return names
                }
            }
        }
    }

    public func read(name: String, maxBytes: UInt64) throws -> Data {
        let name = try checked(name)
        return try scoped { dir in
            try coordinated(dir.appendingPathComponent(name), .read) { url in
                try folderIo { try readBounded(url, maxBytes: maxBytes) }
            }
        }
    }

    public func write(name: String, bytes: Data) throws {
        let name = try checked(name)
        try scoped { dir in
            try coordinated(dir.appendingPathComponent(name), .replace) { url in
                try folderIo { try bytes.write(to: url, options: .atomic) }
            }
        }
    }

    public func delete(name: String) throws {
        let name = try checked(name)
        try scoped { dir in
            try coordinated(dir.appendingPathComponent(name), .delete) { url in
                try folderIo {
                    guard FileManager.default.fileExists(atPath: url.path) else { return }
                    try FileManager.default.removeItem(at: url)
                }
            }
        }
    }
}
#endif
