//! Owns the "type a key" screen: the key as typed (core cleans it), a preset (Ügyfélkapu+ or
//! another service), the live code from that key, confirming it by typing the code back, and
//! saving. Every rule (cleaning, the Ügyfélkapu+ preset, code checking) is core's.
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import hu.kulcs.ffi.AddOutcome
import hu.kulcs.ffi.OtpParams
import hu.kulcs.ffi.ParsedUri
import hu.kulcs.ffi.SetupKey
import hu.kulcs.ffi.checkTypedCode
import hu.kulcs.ffi.defaultOtpParams
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** Ügyfélkapu+ (core's preset: issuer, `<user>@ugyfelkapu.gov.hu`, TOTP/SHA1/6/30) or any other service. */
enum class KeyPreset { UGYFELKAPU, OTHER }

/** Where the confirmation stands. */
enum class Confirmation { NOT_YET, CONFIRMED, MISMATCH }

data class AddByKeyState(
    val preset: KeyPreset = KeyPreset.UGYFELKAPU,
    /** Ügyfélkapu+: the username; other: the account name. */
    val label: String = "",
    /** Other services only. */
    val issuer: String = "",
    /** The key as the user typed it (shown back as typed). */
    val keyText: String = "",
    /** Core's objection to the key (`InvalidCharacter`, `TooShort`, …), or null. */
    val keyError: UiError? = null,
    /** The key's bit length once valid (80 for Ügyfélkapu+). */
    val keyBits: Int? = null,
    /** The key regrouped by core ("KULC SPEL DAKU LCS2") so the user can compare with the page. */
    val keyGrouped: String? = null,
    /** The live code the key produces, once valid. */
    val preview: CodeRow? = null,
    val confirmation: Confirmation = Confirmation.NOT_YET,
    val saved: AddOutcome? = null,
    val error: UiError? = null,
) {
    /** Saving needs a valid key, a name, and the code typed back. */
    val canSave: Boolean
        get() = keyBits != null && confirmation == Confirmation.CONFIRMED && label.isNotBlank() &&
            (preset == KeyPreset.UGYFELKAPU || issuer.isNotBlank()) && saved == null

    /** The id of the saved entry (for the detail screen, to store the törlőkód). */
    val savedId: String?
        get() = when (val s = saved) {
            is AddOutcome.Added -> s.id
            is AddOutcome.AlreadyPresent -> s.id
            is AddOutcome.AddedWithConflict -> s.id
            null -> null
        }
}

class AddByKeyViewModel(private val vault: KulcsVault) {
    private val _state = MutableStateFlow(AddByKeyState())
    val state: StateFlow<AddByKeyState> = _state.asStateFlow()

    private val params: OtpParams get() = defaultOtpParams()

    fun selectPreset(preset: KeyPreset) = update { it.copy(preset = preset) }

    fun setLabel(text: String) = update { it.copy(label = text) }

    fun setIssuer(text: String) = update { it.copy(issuer = text) }

    /** The key field changed: core parses it leniently; a new key needs a new confirmation. */
    fun setKey(text: String) {
        val parsed = if (text.isBlank()) null else attempt { SetupKey.fromBase32(text) }
        val key = parsed?.getOrNull()
        _state.value = _state.value.copy(
            keyText = text,
            keyError = parsed?.exceptionOrNull()?.ui(),
            keyBits = key?.bits()?.toInt(),
            keyGrouped = key?.revealGrouped(),
            preview = key?.let { preview(it) },
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

    /** The user typed the code back: core checks it against the key within ±1 step. */
    fun confirmCode(typed: String) {
        val key = currentKey() ?: return
        key.use {
            attempt { checkTypedCode(it, params, typed, vault.unixTime(), vault.clockOffsetSeconds) }
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

    private fun currentKey(): SetupKey? =
        _state.value.keyText.takeIf { it.isNotBlank() }?.let { attempt { SetupKey.fromBase32(it) }.getOrNull() }

    private fun preview(key: SetupKey): CodeRow? =
        attempt { key.codeWindow(params, vault.unixTime() + vault.clockOffsetSeconds) }.getOrNull()?.let {
            CodeRow.from("", "", "", it, false, params.kind)
        }

    private inline fun update(f: (AddByKeyState) -> AddByKeyState) {
        _state.value = f(_state.value)
    }
}
