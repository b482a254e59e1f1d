//! Owns "type a key": preset (Ügyfélkapu+ or other), username/issuer, the key as printed on
//! the enrolment page (spaces and lowercase are fine: core cleans it), the live code, typing the
//! code back, saving, and then straight to the detail screen to store the törlőkód.
package hu.kulcs.app

import android.content.Intent
import android.os.Bundle
import android.text.Editable
import android.text.InputType
import android.text.TextWatcher
import android.widget.EditText
import android.widget.RadioButton
import android.widget.RadioGroup
import android.widget.TextView
import hu.kulcs.screens.AddByKeyState
import hu.kulcs.screens.AddByKeyViewModel
import hu.kulcs.screens.Confirmation
import hu.kulcs.screens.KeyPreset
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch

class AddKeyActivity : BaseActivity() {
    private var vm: AddByKeyViewModel? = null
    private lateinit var issuer: EditText
    private lateinit var keyStatus: TextView
    private lateinit var preview: CodeRowView
    private lateinit var confirmStatus: TextView
    private lateinit var save: android.widget.Button
    private var leaving = false

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val presets = RadioGroup(this).apply {
            addView(RadioButton(this@AddKeyActivity).apply { id = 1; setText(R.string.preset_ugyfelkapu); isChecked = true })
            addView(RadioButton(this@AddKeyActivity).apply { id = 2; setText(R.string.preset_other) })
            setOnCheckedChangeListener { _, checked ->
                val preset = if (checked == 1) KeyPreset.UGYFELKAPU else KeyPreset.OTHER
                issuer.visibility = if (preset == KeyPreset.OTHER) TextView.VISIBLE else TextView.GONE
                background { vm?.selectPreset(preset) }
            }
        }
        issuer = field(R.string.field_issuer, InputType.TYPE_CLASS_TEXT) { t -> background { vm?.setIssuer(t) } }.apply { visibility = TextView.GONE }
        val label = field(R.string.field_username, InputType.TYPE_CLASS_TEXT) { t -> background { vm?.setLabel(t) } }
        val key = field(R.string.field_key, InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_VARIATION_VISIBLE_PASSWORD or
            InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS) { t -> background { vm?.setKey(t) } }
        keyStatus = text(sp = 14f).apply { accessibilityLiveRegion = TextView.ACCESSIBILITY_LIVE_REGION_POLITE }
        preview = CodeRowView(this)
        val typedBack = field(R.string.field_code_back, InputType.TYPE_CLASS_NUMBER) {
            background { vm?.codeTyped(it) } // confirms by itself when core says the code is complete
        }
        confirmStatus = text(sp = 14f).apply { accessibilityLiveRegion = TextView.ACCESSIBILITY_LIVE_REGION_POLITE }
        save = button(R.string.action_save) { background { vm?.save() } }
        setColumn(presets, issuer, label, key, keyStatus, text(getString(R.string.add_code_explained)), preview, typedBack, confirmStatus, save)
    }

    override fun onUnlocked() {
        if (vm != null) return
        background {
            val model = AddByKeyViewModel(app.vault) // opens the vault on first use: not on the main thread
            scope.launchMain {
                vm = model
                observe(model.state, ::render)
                scope.launch(io) {
                    while (isActive) {
                        model.tick()
                        delay(1000)
                    }
                }
            }
        }
    }

    private fun field(hint: Int, type: Int, onChange: (String) -> Unit): EditText = EditText(this).apply {
        setHint(hint)
        inputType = type
        addTextChangedListener(object : TextWatcher {
            override fun beforeTextChanged(s: CharSequence?, start: Int, count: Int, after: Int) {}
            override fun onTextChanged(s: CharSequence?, start: Int, before: Int, count: Int) {}
            override fun afterTextChanged(s: Editable?) = onChange(s?.toString() ?: "")
        })
    }

    private fun render(s: AddByKeyState) {
        keyStatus.text = when {
            s.keyError != null -> Messages.of(this, s.keyError!!)
            s.keyBits != null -> getString(R.string.key_ok, s.keyGrouped, s.keyBits)
            else -> ""
        }
        val row = s.preview
        preview.visibility = if (row == null) TextView.GONE else TextView.VISIBLE
        row?.let { preview.bind(it) }
        confirmStatus.text = when (s.confirmation) {
            Confirmation.NOT_YET -> ""
            Confirmation.CONFIRMED -> getString(R.string.code_confirmed)
            Confirmation.MISMATCH -> getString(R.string.code_mismatch)
        }
        save.isEnabled = s.canSave
        s.error?.let { keyStatus.text = Messages.of(this, it) }
        s.savedId?.takeIf { !leaving }?.let { id ->
            leaving = true
            startActivity(Intent(this, DetailActivity::class.java).putExtra(DetailActivity.EXTRA_ID, id).putExtra(DetailActivity.EXTRA_ASK_NOTE, true))
            finish()
        }
    }
}
