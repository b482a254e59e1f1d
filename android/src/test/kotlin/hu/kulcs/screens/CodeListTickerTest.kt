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
            assertEquals(25, vm.state.value.rows.single().secondsLeft)
            assertNull(vm.state.value.rows.single().next)
            advanceTimeBy(20_000)
            runCurrent()
            val row = vm.state.value.rows.single()
            assertEquals(5, row.secondsLeft)
            assertEquals(true, row.next != null)
            job.cancel()
        }
    }
}
