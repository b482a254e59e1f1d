//! Owns how one code is drawn: big grouped digits read out digit by digit (core's spoken
//! form), the seconds left as text and as a bar (never colour alone), and the next code when
//! core says the current one is about to expire.
package hu.kulcs.app

import android.content.Context
import android.widget.LinearLayout
import android.widget.ProgressBar
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
        name.text = if (row.label.isEmpty()) row.issuer else context.getString(R.string.issuer_label, row.issuer, row.label)
        code.text = row.code
        code.contentDescription = row.spokenCode
        val left = row.secondsLeft
        if (left != null) {
            countdown.text = context.resources.getQuantityString(R.plurals.seconds_left, left, left)
            bar.progress = ((row.progress ?: 0f) * 1000).toInt()
            bar.visibility = VISIBLE
        } else {
            countdown.setText(R.string.counter_based)
            bar.visibility = GONE
        }
        if (row.next != null) {
            next.text = context.getString(R.string.next_code, row.next)
            next.contentDescription = context.getString(R.string.next_code, row.spokenNext)
            next.visibility = VISIBLE
        } else {
            next.visibility = GONE
        }
    }
}
