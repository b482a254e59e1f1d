//! Owns what every screen does the same way: FLAG_SECURE (no screenshots, blank in the recent
//! apps list), the app lock gate, running vault calls off the main thread, collecting a
//! view-model's StateFlow on the main thread, and small builders for framework views.
package hu.kulcs.app

import android.app.Activity
import android.app.AlertDialog
import android.content.Context
import android.os.Bundle
import android.os.Handler
import android.os.Looper
import android.util.TypedValue
import android.view.View
import android.view.WindowManager
import android.widget.Button
import android.widget.LinearLayout
import android.widget.ScrollView
import android.widget.TextView
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.launch
import kotlin.coroutines.CoroutineContext

/** Runs coroutines on the main looper (kotlinx-coroutines-android's Dispatchers.Main, in 5 lines). */
object MainThread : CoroutineDispatcher() {
    private val handler = Handler(Looper.getMainLooper())
    override fun dispatch(context: CoroutineContext, block: Runnable) {
        handler.post(block)
    }
}

abstract class BaseActivity : Activity() {
    protected val app: KulcsApp get() = application as KulcsApp
    protected val scope = CoroutineScope(SupervisorJob() + MainThread)
    protected val io: CoroutineDispatcher by lazy { app.io.asCoroutineDispatcher() }
    private var content: View? = null

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        // Codes and notes never appear in screenshots, screen recordings or the recents thumbnail.
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
    }

    override fun onResume() {
        super.onResume()
        if (app.prefs.appLockEnabled && app.locked) {
            window.decorView.visibility = View.INVISIBLE
            AppLock.prompt(this, onUnlocked = {
                app.locked = false
                window.decorView.visibility = View.VISIBLE
                onUnlocked()
            }, onFailed = { finishAffinity() })
        } else {
            app.locked = false
            onUnlocked()
        }
    }

    /**
     * Shows [builder]'s dialog with FLAG_SECURE on its own window: a dialog is a window of its
     * own, which the activity's flag does not cover (the scan dialog shows a live code).
     */
    protected fun showSecure(builder: AlertDialog.Builder): AlertDialog = builder.create().apply {
        window?.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        show()
    }

    /** Called when the screen may show secrets (after the lock, or at once without it). */
    protected open fun onUnlocked() {}

    override fun onDestroy() {
        scope.cancel()
        super.onDestroy()
    }

    /** Renders every state of [flow] on the main thread while this activity lives. */
    protected fun <T> observe(flow: StateFlow<T>, render: (T) -> Unit) {
        scope.launch { flow.collect { render(it) } }
    }

    /** Runs a vault call on the vault thread. */
    protected fun background(block: () -> Unit) {
        scope.launch(io) { block() }
    }

    /** Shows [views] in a scrolling column. */
    protected fun setColumn(vararg views: View): LinearLayout {
        val column = column(*views)
        setContentView(ScrollView(this).apply { addView(column) })
        content = column
        return column
    }
}

private fun Context.dp(value: Int): Int =
    TypedValue.applyDimension(TypedValue.COMPLEX_UNIT_DIP, value.toFloat(), resources.displayMetrics).toInt()

/** A text in sp (scales with the user's font size setting). */
fun Context.text(value: CharSequence = "", sp: Float = 16f): TextView = TextView(this).apply {
    text = value
    setTextSize(TypedValue.COMPLEX_UNIT_SP, sp)
}

fun Context.button(label: Int, onClick: () -> Unit): Button = Button(this).apply {
    setText(label)
    setOnClickListener { onClick() }
}

fun Context.column(vararg views: View): LinearLayout = LinearLayout(this).apply {
    orientation = LinearLayout.VERTICAL
    setPadding(dp(16), dp(16), dp(16), dp(16))
    views.forEach { addView(it) }
}

fun Context.row(vararg views: View): LinearLayout = LinearLayout(this).apply {
    orientation = LinearLayout.HORIZONTAL
    views.forEach { addView(it) }
}

/** Runs [block] on the main thread (from a vault-thread callback). */
fun CoroutineScope.launchMain(block: () -> Unit) {
    launch(MainThread) { block() }
}
