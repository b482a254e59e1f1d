//! Owns the Kotlin face of the vault: KulcsVault turns the shell's clock and files into core
//! calls through the generated bindings, and adds nothing a user could notice.
package hu.kulcs

import hu.kulcs.ffi.AccountCode
import hu.kulcs.ffi.AddOutcome
import hu.kulcs.ffi.AutoBackupStatus
import hu.kulcs.ffi.CodeRow
import hu.kulcs.ffi.DuplicateGroup
import hu.kulcs.ffi.EmergencySheet
import hu.kulcs.ffi.ExportFormat
import hu.kulcs.ffi.ImportFile
import hu.kulcs.ffi.KeyStore
import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.MigrationImport
import hu.kulcs.ffi.ParsedUri
import hu.kulcs.ffi.SheetLanguage
import hu.kulcs.ffi.SyncFolder
import hu.kulcs.ffi.SyncMember
import hu.kulcs.ffi.SyncReport
import hu.kulcs.ffi.TestedBackup
import hu.kulcs.ffi.Vault
import hu.kulcs.ffi.VerifyMatch
import hu.kulcs.ffi.vaultExists
import java.io.File

/**
 * An open vault. Every change is saved before the call returns; calls block on file I/O (and
 * Argon2id for passphrases), so call them off the main thread. It holds the vault's
 * inter-process lock while open: close it (or `use {}`) when the app goes to the background, so
 * another process (an autofill service, a backup) can open the vault. All failures are
 * [KulcsException].
 */
class KulcsVault private constructor(
    internal val vault: Vault,
    private val clock: WallClock,
) : AutoCloseable {

    companion object {
        /** True if a vault (or an older copy of one) exists at [path]: open it, never create. */
        fun exists(path: File): Boolean = vaultExists(path.path)

        /** Creates a new vault at [path] whose device slot [keyStore] wraps. */
        fun create(path: File, keyStore: KeyStore, clock: WallClock = WallClock.SYSTEM): KulcsVault =
            KulcsVault(Vault.create(path.path, keyStore, clock.nowMillis().toULong()), clock)

        /** Opens the vault at [path] with the device key store (the everyday way). */
        fun open(path: File, keyStore: KeyStore, clock: WallClock = WallClock.SYSTEM): KulcsVault =
            KulcsVault(Vault.open(path.path, keyStore), clock)

        /** Opens the vault at [path] with its passphrase (new device, lost device key). */
        fun openWithPassphrase(path: File, passphrase: String, clock: WallClock = WallClock.SYSTEM): KulcsVault =
            KulcsVault(Vault.openWithPassphrase(path.path, passphrase), clock)

        /** Opens the vault at [path] with its recovery code (dashes, spaces and case ignored by core). */
        fun openWithRecoveryCode(path: File, code: String, clock: WallClock = WallClock.SYSTEM): KulcsVault =
            KulcsVault(Vault.openWithRecoveryCode(path.path, code), clock)
    }

    private fun nowMs(): ULong = clock.nowMillis().toULong()

    /**
     * Called after every change this object makes (not after a sync): the sync view model
     * registers here to publish each change ("sync after each change").
     */
    @Volatile
    var onChanged: (() -> Unit)? = null

    private fun <T> changed(result: T): T = result.also { onChanged?.invoke() }

    /** The RAW device time in whole seconds (never corrected here: core adds the clock offset). */
    internal fun deviceUnixTime(): Long = Math.floorDiv(clock.nowMillis(), 1000L)

    /** This device's time in Unix milliseconds, for the change stamps core keeps. */
    internal fun nowMillis(): ULong = nowMs()

    /** Messages to show once after opening (an older copy was opened, a save was interrupted). */
    val openWarnings: List<String> get() = vault.openWarnings()

    /** Every account with its current code, the next code and the seconds left, right now. */
    fun codes(): List<AccountCode> = vault.codes(deviceUnixTime())

    /**
     * The code list right now, built by core (offset applied there): the accounts matching every
     * word of [query] in issuer, label or groups (case and accents ignored) and, with [group],
     * having exactly that group. In the order added.
     */
    fun codeRows(query: String? = null, group: String? = null): List<CodeRow> =
        vault.codeRows(deviceUnixTime(), query, group)

    /** One account's row right now (`KulcsException.NotFound` if it is gone). */
    fun codeRow(id: String): CodeRow = vault.codeRow(id, deviceUnixTime())

    /** Every group in use, once, sorted by core (accents ignored). */
    fun groups(): List<String> = vault.groups()

    /** One account's groups. */
    fun accountGroups(id: String): List<String> = vault.accountGroups(id)

    /** Replaces an account's groups (core trims them and drops repeats). */
    fun setGroups(id: String, groups: List<String>) = changed(vault.setGroups(id, groups, nowMs()))

    /** The device time plus the vault's clock offset, added by core (for previews and transfers). */
    fun correctedTime(): Long = vault.correctedTime(deviceUnixTime())

    /** Keeps [id] and removes the other entries of its duplicate group in one save; returns their ids. */
    fun keepOnly(id: String): List<String> = changed(vault.keepOnly(id, nowMs()))

    /**
     * Calibrates the clock offset from [code], the code account [id] shows on a device with the
     * right time (or the site accepted): core finds and stores the offset and returns it.
     */
    fun calibrateClockOffset(id: String, code: String): Long =
        vault.calibrateClockOffset(id, code, deviceUnixTime(), nowMs())

    /** Adds the account of an otpauth:// URI (core parses it and reports duplicates). */
    fun addUri(uri: String): AddOutcome = changed(vault.addUri(uri, nowMs()))

    /** Adds every enrolment QR code in a PNG/JPEG/WebP image (a screenshot, a photo). */
    fun addImage(image: ByteArray): List<AddOutcome> = changed(vault.addImage(image, nowMs()))

    /** Adds an account a [FrameAnalyzer] found, after the user confirmed it. */
    fun addScanned(account: ParsedUri): AddOutcome = changed(vault.addScanned(account, nowMs()))

    /** Adds an Ügyfélkapu+ account from the username and the typed setup key. */
    fun addUgyfelkapu(username: String, setupKey: String): AddOutcome =
        changed(vault.addUgyfelkapu(username, setupKey, nowMs()))

    /** Changes an account's issuer and label. */
    fun rename(id: String, issuer: String, label: String) = changed(vault.rename(id, issuer, label, nowMs()))

    /** Deletes an account. */
    fun delete(id: String) = changed(vault.delete(id, nowMs()))

    /** Sets the private note (e.g. the törlőkód); null or "" clears it. */
    fun setNote(id: String, note: String?) = changed(vault.setNote(id, note, nowMs()))

    /** The private note, for an explicit "show note". */
    fun note(id: String): String? = vault.note(id)

    /** Moves an HOTP counter forward after its code was used. */
    fun advanceCounter(id: String): ULong = changed(vault.advanceCounter(id, nowMs()))

    /** Which accounts produce [code] now (±1 step). */
    fun verify(code: String): List<VerifyMatch> = vault.verify(code, deviceUnixTime())

    /** Accounts sharing issuer and label, newest first (core decides what "same" is). */
    fun duplicates(): List<DuplicateGroup> = vault.duplicates()

    /** Adds every account of a complete Google Authenticator export (one save). */
    fun importMigration(import: MigrationImport): List<AddOutcome> = changed(vault.importMigration(import, nowMs()))

    /** Adds every account of another app's export [file] (read with `ImportFile.read`), all or nothing. */
    fun importFile(file: ImportFile): List<AddOutcome> = changed(vault.importFile(file, nowMs()))

    /** Every account as a file in [format], read back and checked by core. SECRET: write it only where the user chose. */
    fun exportFile(format: ExportFormat, passphrase: String?): ByteArray = vault.exportFile(format, passphrase, nowMs())

    /** Merges a Kulcs backup into this vault (nothing here is dropped or changed), all or nothing. */
    fun restoreBackup(backup: ByteArray, passphrase: String): List<AddOutcome> =
        changed(vault.restoreBackup(backup, passphrase, nowMs()))

    /**
     * Turns automatic backups on: after every change a Kulcs backup goes into [folder] (found
     * again after a restart by [folderId], e.g. a tree URI), read back and checked, the last
     * [keep] kept. The first is written now; a `failureReason` in the result means the folder
     * could not be written. [passphrase] opens every backup and is not kept.
     */
    fun setAutoBackup(folderId: String, keep: Int, passphrase: String, folder: SyncFolder): AutoBackupStatus =
        vault.setAutoBackup(folderId, keep.toUInt(), passphrase, folder, nowMs())

    /** After opening: gives core the folder of the backup setting ([resolve] turns its id into one). */
    fun attachBackupFolder(resolve: (String) -> SyncFolder?) {
        val id = autoBackupStatus()?.folder ?: return
        resolve(id)?.let { vault.attachBackupFolder(it) }
    }

    /** What the automatic backups are doing, or null when they are off. */
    fun autoBackupStatus(): AutoBackupStatus? = vault.autoBackupStatus(nowMs())

    /** Turns automatic backups off; the files already written stay. */
    fun turnOffAutoBackup() = vault.turnOffAutoBackup()

    /** Opens the newest backup in [folder] with [passphrase] and records the test (wrong: WrongKeyOrDamaged). */
    fun testBackupPassphrase(folder: SyncFolder, passphrase: String): TestedBackup =
        vault.testBackupPassphrase(folder, passphrase, nowMs())

    /**
     * The printable emergency sheet (PDF) of every account; with [newRecoveryCode] a new
     * recovery code (replacing the old one) is printed on it and saved. SECRET: print it, never store it.
     */
    fun emergencySheet(language: SheetLanguage, newRecoveryCode: Boolean, made: String): EmergencySheet =
        vault.emergencySheet(language, newRecoveryCode, made)

    /** The Google Authenticator export of [ids] (empty: all) as `otpauth-migration://` texts. SECRET: show, never store. */
    fun exportGoogle(ids: List<String> = emptyList()): List<String> = vault.exportGoogle(ids)

    /** One account's otpauth:// URI for another app. SECRET: show, never store. */
    fun accountUri(id: String): String = vault.accountUri(id)

    /** Creates a recovery code (replacing any older one) and returns it grouped, to be shown once. */
    fun addRecoveryCode(): String = vault.addRecoveryCode(nowMs())

    /** True when the vault has a recovery code. */
    val hasRecoveryCode: Boolean get() = vault.hasRecoveryCode()

    /** Sets or replaces the passphrase that opens the vault without the device key. */
    fun setPassphrase(passphrase: String) = vault.setPassphrase(passphrase)

    /** Binds the vault to this device's key store after a passphrase open on a new device. */
    fun addDeviceKey(keyStore: KeyStore) = vault.addDeviceKey(keyStore)

    /** Seconds added to the device clock before codes are computed. */
    var clockOffsetSeconds: Long
        get() = vault.clockOffset()
        set(value) = vault.setClockOffset(value)

    /**
     * One sync round through [folder] (core's rules; saved before returning). Unusable files are
     * in the report's `rejected` list; a `KulcsException.Sync` means the round could not run.
     */
    fun syncNow(folder: SyncFolder): SyncReport = vault.syncNow(folder, nowMs())

    /** True once a sync transfer made or joined this vault's sync group. */
    val inSyncGroup: Boolean get() = vault.inSyncGroup()

    /** This device's id in its sync group (16 hex digits). */
    val deviceId: String get() = vault.deviceId()

    /** The members of the sync group (names, last seen); empty outside a group. */
    val syncMembers: List<SyncMember> get() = vault.syncMembers()

    /**
     * Removes a member (a lost phone): core starts a new epoch that only the remaining members
     * can read. Saved; the change listener then syncs, so the others learn it.
     */
    fun removeSyncMember(deviceId: String) = changed(vault.removeSyncMember(deviceId))

    override fun close() = vault.close()
}
