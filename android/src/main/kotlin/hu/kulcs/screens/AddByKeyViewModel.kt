//! Owns the "type a key" screen: the key as typed (core cleans it), a preset (Ügyfélkapu+ or
//! another service), the live code from that key, confirming it by typing the code back, and
//! saving. Every rule (cleaning, the Ügyfélkapu+ preset, code checking, when a typed code is
//! complete, when Save is allowed) is core's.
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import hu.kulcs.ffi.AddOutcome
import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.OtpParams
import hu.kulcs.ffi.ParsedUri
import hu.kulcs.ffi.SetupKey
import hu.kulcs.ffi.canSaveKey
import hu.kulcs.ffi.checkTypedCode
import hu.kulcs.ffi.defaultOtpParams
import hu.kulcs.ffi.displayCode
import hu.kulcs.ffi.spokenCode
import hu.kulcs.ffi.typedCodeComplete
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** Ügyfélkapu+ (core's preset: issuer, `<user>@ugyfelkapu.gov.hu`, TOTP/SHA1/6/30) or any other service. */
enum class KeyPreset { UGYFELKAPU, OTHER }

/** Where the confirmation stands. */
enum class Confirmation { NOT_YET, CONFIRMED, MISMATCH }

/**
 * The live code of a key not saved yet, at the vault's corrected time (core adds the offset):
 * raw [code], [codeGrouped] and [codeSpoken] by core's rule, [secondsLeft] of [period].
 */
data class CodePreview(val code: String, val codeGrouped: String, val codeSpoken: String, val secondsLeft: Int, val period: Int)

/** What the add-by-key screen shows. */
data class AddByKeyState(
    /** Ügyfélkapu+ or another service. */
    val preset: KeyPreset = KeyPreset.UGYFELKAPU,
    /** Ügyfélkapu+: the username; other: the account name. */
    val label: String = "",
    /** Other services only. */
    val issuer: String = "",
    /** The key as the user typed it (shown back as typed). */
    val keyText: String = "",
    /** Core's objection to the key (`InvalidCharacter`, `InvalidLength`, …), or null (also for an empty field). */
    val keyError: UiError? = null,
    /** The key's bit length once valid (80 for Ügyfélkapu+). */
    val keyBits: Int? = null,
    /** The key regrouped by core ("KULC SPEL DAKU LCS2") so the user can compare with the page. */
    val keyGrouped: String? = null,
    /** The live code the key produces, once valid. */
    val preview: CodePreview? = null,
    /** The code typed back so far (see [AddByKeyViewModel.codeTyped]). */
    val typedCode: String = "",
    /** Whether the typed-back code matched. */
    val confirmation: Confirmation = Confirmation.NOT_YET,
    /** The outcome of [AddByKeyViewModel.save], once saved. */
    val saved: AddOutcome? = null,
    /** The last failure, or null. */
    val error: UiError? = null,
) {
    /** Core's Save rule (`can_save_key`: key, name, issuer unless Ügyfélkapu+, code confirmed), once. */
    val canSave: Boolean
        get() = saved == null &&
            canSaveKey(preset == KeyPreset.UGYFELKAPU, issuer, label, keyText, confirmation == Confirmation.CONFIRMED)

    /** The id of the saved entry (for the detail screen, to store the törlőkód). */
    val savedId: String?
        get() = when (val s = saved) {
            is AddOutcome.Added -> s.id
            is AddOutcome.AlreadyPresent -> s.id
            is AddOutcome.AddedWithConflict -> s.id
            null -> null
        }
}

/** The add-by-key screen over [vault]. */
class AddByKeyViewModel(private val vault: KulcsVault) {
    private val _state = MutableStateFlow(AddByKeyState())

    /** What the screen shows now. */
    val state: StateFlow<AddByKeyState> = _state.asStateFlow()

    private val params: OtpParams get() = defaultOtpParams()

    /** The preset chips. */
    fun selectPreset(preset: KeyPreset) = update { it.copy(preset = preset) }

    /** The username (Ügyfélkapu+) or account name field changed. */
    fun setLabel(text: String) = update { it.copy(label = text) }

    /** The issuer field changed (other services). */
    fun setIssuer(text: String) = update { it.copy(issuer = text) }

    /** The key field changed: core parses it leniently; a new key needs a new confirmation. */
    fun setKey(text: String) {
        val parsed = attempt { SetupKey.fromBase32(text) }
        val key = parsed.getOrNull()
        // An empty field is not a mistake to point at yet (core's `Empty`).
        val error = parsed.exceptionOrNull()?.ui()?.takeUnless { it.kind == ErrorKind.EMPTY }
        _state.value = _state.value.copy(
            keyText = text,
            keyError = error,
            keyBits = key?.bits()?.toInt(),
            keyGrouped = key?.revealGrouped(),
            preview = key?.let { preview(it) },
            typedCode = "",
            confirmation = Confirmation.NOT_YET,
            saved = null,
        )
        key?.close()
    }

    /** Re-computes the preview code (the view calls it every second while the screen is shown). */
    fun tick() {
        val key = currentKey() ?: return
        key.use { _state.value = _state.value.copy(preview = preview(it)) }
    }

    /**
     * The code field changed: once core says the text is a whole code (`typed_code_complete`:
     * as many digits as the code has, 6 for Ügyfélkapu+) it is checked without a button.
     */
    fun codeTyped(text: String) {
        _state.value = _state.value.copy(typedCode = text)
        if (typedCodeComplete(params, text)) confirmCode(text)
    }

    /** The user typed the code back: core checks it against the key within ±1 step (offset added by core). */
    fun confirmCode(typed: String) {
        val key = currentKey() ?: return
        key.use {
            attempt { checkTypedCode(it, params, typed, vault.deviceUnixTime(), vault.clockOffsetSeconds) }
                .onSuccess { step ->
                    _state.value = _state.value.copy(confirmation = if (step != null) Confirmation.CONFIRMED else Confirmation.MISMATCH)
                }
                .onFailure { e -> _state.value = _state.value.copy(error = e.ui()) }
        }
    }

    /** Saves the entry; afterwards [AddByKeyState.savedId] leads to the detail screen (törlőkód). */
    fun save() {
        val s = _state.value
        if (!s.canSave) return
        val result = when (s.preset) {
            KeyPreset.UGYFELKAPU -> attempt { vault.addUgyfelkapu(s.label.trim(), s.keyText) }
            KeyPreset.OTHER -> attempt {
                SetupKey.fromBase32(s.keyText).let { key ->
                    vault.addScanned(ParsedUri(s.issuer.trim(), s.label.trim(), params, key, emptyList()))
                }
            }
        }
        result
            .onSuccess { outcome -> _state.value = _state.value.copy(saved = outcome, error = null) }
            .onFailure { e -> _state.value = _state.value.copy(error = e.ui()) }
    }

    private fun currentKey(): SetupKey? = attempt { SetupKey.fromBase32(_state.value.keyText) }.getOrNull()

    private fun preview(key: SetupKey): CodePreview? =
        attempt { key.codeWindow(params, vault.correctedTime()) }.getOrNull()?.let { w ->
            CodePreview(w.code, displayCode(w.code), spokenCode(w.code), w.validFor?.toInt() ?: 0, w.period?.toInt() ?: 0)
        }

    private inline fun update(f: (AddByKeyState) -> AddByKeyState) {
        _state.value = f(_state.value)
    }
}
