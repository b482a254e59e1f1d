//! Owns when the app syncs and what the sync line shows: a round on start, on resume and after
//! each change of the vault, the last sync time and result, and the devices of the group.
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import hu.kulcs.WallClock
import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.SyncFolder
import hu.kulcs.ffi.SyncReport
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/**
 * One member of the sync group as the devices list shows it (core's member list): its id, name,
 * whether it is this device, and when a replica of it was last merged here (Unix ms; null: not
 * yet).
 */
data class SyncDeviceRow(val id: String, val name: String? = null, val isThisDevice: Boolean = false, val lastSeenMillis: Long? = null)

/** A file in the shared folder that the last round could not use (core's kind and sentence). */
data class SyncProblem(val file: String, val kind: ErrorKind, val reason: String)

/** Why no round ran: no folder chosen yet, or the vault is in no sync group yet. */
enum class SyncSetup { READY, NO_FOLDER, NOT_IN_GROUP }

/** What the sync line and the devices list show. */
data class SyncStatus(
    /** Whether a round can run at all. */
    val setup: SyncSetup = SyncSetup.NO_FOLDER,
    /** Device time of the last successful round, Unix milliseconds; null before the first. */
    val lastSyncMillis: Long? = null,
    /** What the last successful round brought in (added, changed, removed accounts). */
    val added: Int = 0,
    val changed: Int = 0,
    val removed: Int = 0,
    val problems: List<SyncProblem> = emptyList(),
    val devices: List<SyncDeviceRow> = emptyList(),
    /** Set when the last round failed: the view explains [UiError.kind] (its sentence in [UiError.detail]). */
    val error: UiError? = null,
)

/**
 * The sync state of the app. [folder] gives the chosen shared folder (null before the user chose
 * one). Rounds run on the caller's thread and block on the folder and the vault: the app calls
 * from its vault thread. [onSynced] runs after each successful round (the code list refreshes).
 * Registers itself as the vault's change listener: every change is published right away.
 */
class SyncViewModel(
    private val vault: KulcsVault,
    private val folder: () -> SyncFolder?,
    private val clock: WallClock = WallClock.SYSTEM,
    private val onSynced: (SyncReport) -> Unit = {},
) {
    private val _state = MutableStateFlow(SyncStatus())
    /** What the sync line shows now. */
    val state: StateFlow<SyncStatus> = _state.asStateFlow()

    init {
        vault.onChanged = { syncNow() }
    }

    /** The app came to the foreground for the first time. */
    fun onStart() = syncNow()

    /** The app came back to the foreground (another device may have published meanwhile). */
    fun onResume() = syncNow()

    /** The user chose (or changed) the shared folder. */
    fun onFolderChosen() = syncNow()

    /** One round now, unless there is no folder or group yet; the state says what happened. */
    fun syncNow() {
        val f = folder()
        if (f == null) {
            _state.value = _state.value.copy(setup = SyncSetup.NO_FOLDER, error = null)
            return
        }
        val report = try {
            vault.syncNow(f)
        } catch (e: KulcsException.Sync) {
            _state.value = if (e.kind == ErrorKind.NOT_IN_GROUP) {
                _state.value.copy(setup = SyncSetup.NOT_IN_GROUP, error = null)
            } else {
                _state.value.copy(setup = SyncSetup.READY, error = e.ui())
            }
            return
        } catch (e: KulcsException) {
            _state.value = _state.value.copy(setup = SyncSetup.READY, error = e.ui())
            return
        }
        val members = attempt { vault.syncMembers }.getOrNull().orEmpty()
        _state.value = SyncStatus(
            setup = SyncSetup.READY,
            lastSyncMillis = clock.nowMillis(),
            added = report.added.toInt(),
            changed = report.changed.toInt(),
            removed = report.removed.toInt(),
            problems = report.rejected.map { SyncProblem(it.file, it.kind, it.reason) },
            devices = members.map { SyncDeviceRow(it.device, it.name, it.thisDevice, it.lastSeenMs?.toLong()) },
            error = null,
        )
        onSynced(report)
    }

    /** Removes a member of the group (a lost phone); the next round (right away) tells the others. */
    fun removeDevice(id: String) {
        try {
            vault.removeSyncMember(id)
        } catch (e: KulcsException) {
            _state.value = _state.value.copy(error = e.ui())
        }
    }

    /** Stops publishing changes (the screen or the vault goes away). */
    fun close() {
        vault.onChanged = null
    }
}
