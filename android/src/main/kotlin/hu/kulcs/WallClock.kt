//! Owns the device clock the shell hands to core: injectable so tests run at fixed times.
package hu.kulcs

/** The device's wall clock in Unix milliseconds. The vault adds its own clock offset. */
fun interface WallClock {
    /** The device time now, Unix milliseconds (never corrected: core adds the offset). */
    fun nowMillis(): Long

    companion object {
        /** The system clock. */
        val SYSTEM: WallClock = WallClock { System.currentTimeMillis() }
    }
}
