// The Kulcs Android app (framework APIs only, no AndroidX). Before building, put the Rust library
// for each ABI into build/jniLibs (cargo-ndk, see docs/mobile-build.md) and the generated UniFFI
// Kotlin into build/generated/uniffi (bindings/generate.sh kotlin build/generated/uniffi).
plugins {
    id("com.android.application") version "8.5.2"
    id("org.jetbrains.kotlin.android") version "2.0.21"
}

android {
    namespace = "hu.kulcs.app"
    compileSdk = 34

    defaultConfig {
        applicationId = "hu.kulcs.app"
        minSdk = 30
        targetSdk = 34
        versionCode = 1
        versionName = "0.1.0"
    }

    sourceSets["main"].apply {
        manifest.srcFile("src/main/AndroidManifest.xml")
        java.srcDirs(
            "src/main/kotlin",
            "../src/main/kotlin",                 // the Kotlin shell library and its view-models
            "../src/android/kotlin",              // AndroidKeyStore, SafSyncFolder
            "build/generated/uniffi",
        )
        res.srcDirs("src/main/res")
        jniLibs.srcDirs("build/jniLibs")
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions { jvmTarget = "17" }

    buildTypes {
        release {
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"))
        }
    }
}

dependencies {
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.8.1")
    implementation("net.java.dev.jna:jna:5.14.0@aar")
}
