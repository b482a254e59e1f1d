//! Owns the plain-file sync folder: core's SyncFolder over java.io, for the JVM tests and desktop
//! tools (the phone uses SafSyncFolder over the Storage Access Framework).
package hu.kulcs

import hu.kulcs.ffi.SyncFolder
import hu.kulcs.ffi.SyncFolderException
import java.io.File
import java.io.FileNotFoundException
import java.io.IOException
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.nio.file.StandardCopyOption

/**
 * A directory on this machine's file system. Writes go to a dot-named temporary file in the
 * same directory and are then renamed over the target (atomic on one file system), so a reader
 * sees the old or the new replica, never a part.
 */
class FileSyncFolder(private val dir: File) : SyncFolder {
    private fun file(name: String): File {
        if (name.isEmpty() || name == "." || name == ".." || name.any { it == '/' || it == '\\' || it == '\u0000' }) {
            throw SyncFolderException.Io("\"$name\" is not a plain file name")
        }
        return File(dir, name)
    }

    private inline fun <T> io(block: () -> T): T = try {
        block()
    } catch (e: FileNotFoundException) {
        throw SyncFolderException.NotFound()
    } catch (e: NoSuchFileException) {
        throw SyncFolderException.NotFound()
    } catch (e: IOException) {
        throw SyncFolderException.Io(e.message ?: e.javaClass.simpleName)
    }

    override fun list(): List<String> = io {
        (dir.listFiles() ?: throw IOException("cannot list $dir")).filter { it.isFile }.map { it.name }
    }

    override fun read(name: String, maxBytes: ULong): ByteArray = io {
        val f = file(name)
        if (!f.isFile) throw SyncFolderException.NotFound()
        if (f.length().toULong() > maxBytes) throw SyncFolderException.TooLarge(maxBytes)
        f.inputStream().use { input ->
            // Bounded again while reading: the file may grow after the length check.
            val bytes = readAtMost(input, (maxBytes.coerceAtMost(Int.MAX_VALUE.toULong() - 1u) + 1u).toInt())
            if (bytes.size.toULong() > maxBytes) throw SyncFolderException.TooLarge(maxBytes)
            bytes
        }
    }

    override fun write(name: String, bytes: ByteArray) = io {
        val target = file(name)
        val tmp = File(dir, ".$name.tmp")
        tmp.outputStream().use { out ->
            out.write(bytes)
            out.fd.sync()
        }
        Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING)
        Unit
    }

    override fun delete(name: String) = io {
        Files.deleteIfExists(file(name).toPath())
        Unit
    }
}

/** Up to [limit] bytes of [input] (InputStream.readNBytes is Android API 33; the app's minimum is 30). */
internal fun readAtMost(input: java.io.InputStream, limit: Int): ByteArray {
    val out = java.io.ByteArrayOutputStream()
    val buf = ByteArray(8192)
    while (out.size() < limit) {
        val n = input.read(buf, 0, minOf(buf.size, limit - out.size()))
        if (n < 0) break
        out.write(buf, 0, n)
    }
    return out.toByteArray()
}
