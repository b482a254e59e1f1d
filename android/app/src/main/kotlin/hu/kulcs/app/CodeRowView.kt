//! Owns how one code is drawn: core's row (display name, grouped digits read out digit by digit,
//! the seconds left as text and as a bar, never colour alone, and the next code when core says
//! the current one is about to expire). No rule of its own.
package hu.kulcs.app

import android.content.Context
import android.widget.LinearLayout
import android.widget.ProgressBar
import hu.kulcs.ffi.OtpKind
import hu.kulcs.screens.CodePreview
import hu.kulcs.screens.CodeRow

class CodeRowView(context: Context) : LinearLayout(context) {
    private val name = context.text(sp = 16f)
    private val code = context.text(sp = 34f)
    private val countdown = context.text(sp = 14f)
    private val bar = ProgressBar(context, null, android.R.attr.progressBarStyleHorizontal).apply { max = 1000 }
    private val next = context.text(sp = 16f)

    init {
        orientation = VERTICAL
        addView(name)
        addView(code)
        addView(context.row(countdown))
        addView(bar)
        addView(next)
        // The bar repeats the text; TalkBack reads the text only.
        bar.importantForAccessibility = IMPORTANT_FOR_ACCESSIBILITY_NO
    }

    fun bind(row: CodeRow) {
        name.text = row.displayName
        name.visibility = VISIBLE
        showCode(row.codeGrouped, row.codeSpoken)
        if (row.kind == OtpKind.HOTP) {
            countdown.setText(R.string.counter_based)
            bar.visibility = GONE
        } else {
            // core's progress is the fraction elapsed; the bar shrinks as the code runs out.
            showCountdown(row.secondsLeft.toInt(), 1f - row.progress)
        }
        val grouped = row.nextGrouped
        if (grouped != null) {
            next.text = context.getString(R.string.next_code, grouped)
            next.contentDescription = context.getString(R.string.next_code, row.nextSpoken ?: grouped)
            next.visibility = VISIBLE
        } else {
            next.visibility = GONE
        }
    }

    /** The typed key's live code on the add screen (no account yet). */
    fun bind(preview: CodePreview) {
        name.visibility = GONE
        showCode(preview.codeGrouped, preview.codeSpoken)
        val left = if (preview.period > 0) preview.secondsLeft.toFloat() / preview.period else 0f
        showCountdown(preview.secondsLeft, left)
        next.visibility = GONE
    }

    private fun showCode(grouped: String, spoken: String) {
        code.text = grouped
        code.contentDescription = spoken
    }

    private fun showCountdown(secondsLeft: Int, fractionLeft: Float) {
        countdown.text = context.resources.getQuantityString(R.plurals.seconds_left, secondsLeft, secondsLeft)
        bar.progress = (fractionLeft * 1000).toInt()
        bar.visibility = VISIBLE
    }
}
