//! Owns the live code list for Kotlin: a cold Flow that re-reads the codes at every second.
package hu.kulcs

import hu.kulcs.ffi.AccountCode
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Emits the code list now and then at the start of every following second of [WallClock]
 * time, until collection is cancelled. Each row carries `window.expiringSoon`, core's rule
 * for when to show the next code. Collect it on a background dispatcher (`flowOn`).
 */
fun KulcsVault.codeListFlow(clock: WallClock = WallClock.SYSTEM): Flow<List<AccountCode>> = flow {
    while (true) {
        emit(codes())
        val millis = clock.nowMillis()
        delay(1000L - Math.floorMod(millis, 1000L))
    }
}
