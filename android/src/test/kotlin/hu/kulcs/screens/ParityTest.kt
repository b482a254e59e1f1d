//! The parity rows of docs/apps.md that no other test covers, and the check that no rule a user
//! could notice is left in the Kotlin shell (issue 12: every such rule is core's).
package hu.kulcs.screens

import hu.kulcs.Repo
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class ParityTest {
    /** A rule issue 12 found in the shells, how its copy in Kotlin source looks, and where (a path part). */
    private class ShellRule(val what: String, val pattern: Regex, val onlyIn: String? = null)

    private val shellRules = listOf(
        ShellRule("degrees to rotation (core: rotationFromDegrees)", Regex("""floorMod\([^)]*,\s*360\)""")),
        ShellRule("clock offset added in the shell (core: codeRows / correctedTime)", Regex("""\+\s*(vault\.)?clockOffsetSeconds|\+\s*offset\b""")),
        ShellRule("keep only by deleting one by one (core: keepOnly)", Regex("""forEach\s*\{\s*vault\.delete""")),
        ShellRule("canSave's own blank rule (core: canSaveKey)", Regex("""\.isNotBlank\(\)|\.isBlank\(\)"""), onlyIn = "/AddByKeyViewModel.kt"),
        ShellRule("a delay or digit count defined in the shell (core: clipboardClearSeconds / autoConfirmDigits)", Regex("""const val \w+ = \d+"""), onlyIn = "/screens/"),
        ShellRule("the display name built in the shell (core: CodeRow.displayName)", Regex("""\(\$\{?label""")),
        ShellRule("an error kind as a string (core: ErrorKind)", Regex("""UiError\("|kind == "|setOf\("[A-Z]""")),
    )

    @Test
    fun noUserVisibleRuleIsLeftInTheShell() {
        val sources = Repo.file("android/src/main/kotlin").walkTopDown().filter { it.isFile && it.extension == "kt" }.toList()
        val found = sources.flatMap { file ->
            file.readLines().withIndex().flatMap { (n, line) ->
                shellRules.filter { (it.onlyIn == null || it.onlyIn in file.invariantSeparatorsPath) && it.pattern.containsMatchIn(line) }
                    .map { "${file.canonicalFile.toRelativeString(Repo.root)}:${n + 1}: ${it.what}: ${line.trim()}" }
            }
        }
        assertEquals(emptyList<String>(), found, found.joinToString("\n"))
    }
}
