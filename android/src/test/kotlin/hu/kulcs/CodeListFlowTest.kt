//! The live code list: one emission per second of clock time, with core's expiry rule.
package hu.kulcs

import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

@OptIn(ExperimentalCoroutinesApi::class)
class CodeListFlowTest {
    @TempDir
    lateinit var dir: File

    @Test
    fun emitsEverySecondAndSwitchesAtTheStepBoundary() = runTest {
        // Virtual time drives the clock. Start at 1700000007.5 s: 2.5 s before the 30 s step
        // ends at 1700000010, inside core's "expiring soon" window.
        val start = 1_700_000_007_500L
        val clock = WallClock { start + currentTime }
        KulcsVault.create(File(dir, "v.kulcs"), JvmKeyStore.inMemory(), clock).use { vault ->
            vault.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes())
            val lists = vault.codeListFlow(clock).take(4).toList()
            val rows = lists.map { it.single() }
            assertEquals(listOf(3u, 2u, 1u, 30u), rows.map { it.secondsLeft })
            assertEquals(listOf(true, true, true, false), rows.map { it.expiring })
            assertEquals(rows[0].nextCode, rows[3].code)
            assertEquals(2_500L, currentTime, "aligned to whole seconds: 0.5 s, then 1 s steps")
        }
    }
}
