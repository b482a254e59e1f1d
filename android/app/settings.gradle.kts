// Gradle build of the Kulcs Android app, for a developer machine with the Android SDK (not run in
// CI here: no SDK, no Gradle, no Google Maven). CI compiles the same sources with
// android/app/pom.xml against android-all (scripts/test-android-app.sh).
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}
dependencyResolutionManagement {
    repositories {
        google()
        mavenCentral()
    }
}
rootProject.name = "kulcs-android-app"
