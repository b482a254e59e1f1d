//! The code list refreshes itself every second of clock time while started.
package hu.kulcs.screens

import hu.kulcs.Repo
import hu.kulcs.WallClock
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

@OptIn(ExperimentalCoroutinesApi::class)
class CodeListTickerTest {
    @TempDir
    lateinit var dir: File

    @Test
    fun startedListCountsDownAndShowsTheNextCodeNearTheEnd() = runTest {
        val start = (T0 - 15) * 1000 // 25 s left in the step
        val clock = WallClock { start + currentTime }
        newVault(dir, clock).use { vault ->
            vault.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes())
            val vm = CodeListViewModel(vault, clock)
            val job = vm.start(backgroundScope)
            runCurrent()
            assertEquals(25u, vm.state.value.rows.single().secondsLeft)
            assertNull(vm.state.value.rows.single().nextGrouped)
            advanceTimeBy(20_000)
            runCurrent()
            val row = vm.state.value.rows.single()
            assertEquals(5u, row.secondsLeft)
            assertEquals(true, row.nextGrouped != null)
            job.cancel()
        }
    }

    @Test
    fun theCountdownIsAnnouncedOnlyAtFiveSecondsAndOnANewCode() = runTest {
        val start = (T0 - 15) * 1000 // 25 s left in the step
        val clock = WallClock { start + currentTime }
        newVault(dir, clock).use { vault ->
            vault.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes())
            val vm = CodeListViewModel(vault, clock)
            val job = vm.start(backgroundScope)
            runCurrent()
            val said = mutableListOf<Pair<Long, String>>()
            repeat(31) {
                vm.state.value.announcement?.let { said += currentTime / 1000 to it }
                advanceTimeBy(1_000)
                runCurrent()
            }
            job.cancel()
            val name = "Ügyfélkapu+ (kovacs.janos@ugyfelkapu.gov.hu)"
            val next = vault.codes().single().window.code // the clock is in the new step now (T0 + 16)
            assertEquals(
                listOf(20L to "$name: 5 seconds left", 25L to "$name: new code ${hu.kulcs.ffi.spokenCode(next)}"),
                said,
                "announced twice in 31 s, not every second",
            )
        }
    }
}
