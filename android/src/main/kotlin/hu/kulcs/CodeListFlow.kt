//! Owns the live code list for Kotlin: a cold Flow that re-reads core's code rows at every
//! second (twin of Swift's CodeListStream).
package hu.kulcs

import hu.kulcs.ffi.CodeRow
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Emits core's code rows now and then at the start of every following second of [WallClock]
 * time, until collection is cancelled. [query] and [group] are read at every emission (the
 * search field and the group chip), so a change shows at the next second. Each row carries
 * core's `expiring` rule for when to show the next code. Collect it on a background dispatcher
 * (`flowOn`).
 */
fun KulcsVault.codeListFlow(
    clock: WallClock = WallClock.SYSTEM,
    query: () -> String? = { null },
    group: () -> String? = { null },
): Flow<List<CodeRow>> = flow {
    while (true) {
        emit(codeRows(query(), group()))
        val millis = clock.nowMillis()
        delay(1000L - Math.floorMod(millis, 1000L))
    }
}
