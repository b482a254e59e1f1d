//! Owns the Android sync folder: core's SyncFolder over the Storage Access Framework, on a
//! folder the user picked with ACTION_OPEN_DOCUMENT_TREE (a Syncthing or Nextcloud folder).
package hu.kulcs

import android.content.ContentResolver
import android.content.Context
import android.content.Intent
import android.net.Uri
import android.provider.DocumentsContract
import android.provider.DocumentsContract.Document
import hu.kulcs.ffi.SyncFolder
import hu.kulcs.ffi.SyncFolderException
import java.io.FileNotFoundException

/**
 * The folder behind [treeUri] (from ACTION_OPEN_DOCUMENT_TREE; call [persist] once so the grant
 * survives a restart). Names are flat: only direct children of the tree's root are used.
 *
 * Atomicity, as far as SAF allows: [write] writes the whole replica to a dot-named temporary
 * document (which core and Syncthing skip), then renames it over the target. A provider that
 * refuses a rename onto an existing name gets the target deleted first and the temporary
 * renamed (a reader may then briefly see no replica, which core treats as "nothing new", never
 * as a part). A provider without rename support (no FLAG_SUPPORTS_RENAME) gets the target
 * opened in truncate mode ("wt") and written in one call: a reader could see a cut-off file,
 * which core rejects as damaged and reads again next round.
 */
class SafSyncFolder(context: Context, private val treeUri: Uri) : SyncFolder {
    private val resolver: ContentResolver = context.applicationContext.contentResolver
    private val rootId: String = DocumentsContract.getTreeDocumentId(treeUri)
    private val rootDoc: Uri = DocumentsContract.buildDocumentUriUsingTree(treeUri, rootId)

    companion object {
        /** Keeps read and write access to the picked tree across restarts. */
        fun persist(context: Context, treeUri: Uri) {
            context.contentResolver.takePersistableUriPermission(
                treeUri,
                Intent.FLAG_GRANT_READ_URI_PERMISSION or Intent.FLAG_GRANT_WRITE_URI_PERMISSION,
            )
        }

        /** The intent that lets the user pick the shared folder. */
        fun pickIntent(): Intent = Intent(Intent.ACTION_OPEN_DOCUMENT_TREE)
            .addFlags(Intent.FLAG_GRANT_PERSISTABLE_URI_PERMISSION or Intent.FLAG_GRANT_READ_URI_PERMISSION or Intent.FLAG_GRANT_WRITE_URI_PERMISSION)
    }

    private class Child(val uri: Uri, val name: String, val size: Long, val flags: Int)

    private inline fun <T> saf(block: () -> T): T = try {
        block()
    } catch (e: SyncFolderException) {
        throw e
    } catch (e: FileNotFoundException) {
        throw SyncFolderException.NotFound()
    } catch (e: Exception) {
        // SecurityException (grant revoked), IllegalArgumentException, IOException …
        throw SyncFolderException.Io(e.message ?: e.javaClass.simpleName)
    }

    private fun children(): List<Child> {
        val uri = DocumentsContract.buildChildDocumentsUriUsingTree(treeUri, rootId)
        val cols = arrayOf(Document.COLUMN_DOCUMENT_ID, Document.COLUMN_DISPLAY_NAME, Document.COLUMN_SIZE, Document.COLUMN_MIME_TYPE, Document.COLUMN_FLAGS)
        val out = ArrayList<Child>()
        resolver.query(uri, cols, null, null, null)?.use { c ->
            while (c.moveToNext()) {
                if (c.getString(3) == Document.MIME_TYPE_DIR) continue
                val name = c.getString(1) ?: continue
                out += Child(DocumentsContract.buildDocumentUriUsingTree(treeUri, c.getString(0)), name, if (c.isNull(2)) -1 else c.getLong(2), c.getInt(4))
            }
        } ?: throw SyncFolderException.Io("the folder cannot be listed (access was revoked?)")
        return out
    }

    private fun find(name: String): Child? = children().firstOrNull { it.name == name }

    override fun list(): List<String> = saf { children().map { it.name } }

    override fun read(name: String, maxBytes: ULong): ByteArray = saf {
        val child = find(name) ?: throw SyncFolderException.NotFound()
        if (child.size >= 0 && child.size.toULong() > maxBytes) throw SyncFolderException.TooLarge(maxBytes)
        val input = resolver.openInputStream(child.uri) ?: throw SyncFolderException.NotFound()
        input.use {
            // Bounded while reading: a provider may report no size, or the file may grow.
            val limit = (maxBytes.coerceAtMost(Int.MAX_VALUE.toULong() - 1u) + 1u).toInt()
            val bytes = readAtMost(it, limit)
            if (bytes.size.toULong() > maxBytes) throw SyncFolderException.TooLarge(maxBytes)
            bytes
        }
    }

    override fun write(name: String, bytes: ByteArray) = saf {
        val existing = find(name)
        if (existing != null && existing.flags and Document.FLAG_SUPPORTS_RENAME == 0) {
            writeAll(existing.uri, bytes)
            return@saf
        }
        val tmpName = ".$name.tmp"
        find(tmpName)?.let { DocumentsContract.deleteDocument(resolver, it.uri) }
        val tmp = DocumentsContract.createDocument(resolver, rootDoc, "application/octet-stream", tmpName)
            ?: throw SyncFolderException.Io("the folder refused a new file")
        writeAll(tmp, bytes)
        val renamed = runCatching { DocumentsContract.renameDocument(resolver, tmp, name) }.getOrNull()
        if (renamed != null && nameOf(renamed) == name) return@saf
        // Refused, or given another name ("name (1)"): delete the old target, rename again.
        val stray = renamed ?: tmp
        find(name)?.let { DocumentsContract.deleteDocument(resolver, it.uri) }
        val again = runCatching { DocumentsContract.renameDocument(resolver, stray, name) }.getOrNull()
        if (again != null && nameOf(again) == name) return@saf
        // No rename at all: write the target in one call.
        runCatching { DocumentsContract.deleteDocument(resolver, stray) }
        val target = find(name)?.uri
            ?: DocumentsContract.createDocument(resolver, rootDoc, "application/octet-stream", name)
            ?: throw SyncFolderException.Io("the folder refused a new file")
        writeAll(target, bytes)
    }

    override fun delete(name: String) = saf {
        find(name)?.let { DocumentsContract.deleteDocument(resolver, it.uri) }
        Unit
    }

    private fun writeAll(uri: Uri, bytes: ByteArray) {
        val out = resolver.openOutputStream(uri, "wt") ?: throw SyncFolderException.Io("the file cannot be written")
        out.use { it.write(bytes) }
    }

    private fun nameOf(uri: Uri): String? =
        resolver.query(uri, arrayOf(Document.COLUMN_DISPLAY_NAME), null, null, null)?.use { c -> if (c.moveToFirst()) c.getString(0) else null }
}
