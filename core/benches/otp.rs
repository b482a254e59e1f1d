//! Criterion benchmark: the code list for 1,000 accounts (what a code screen computes every second).

use criterion::{criterion_group, criterion_main, Criterion};
use kulcs_core::credential::Credential;
use kulcs_core::otp::{Algorithm, OtpParams};
use kulcs_core::secret::Secret;

fn accounts(n: usize) -> Vec<Credential> {
    (0..n)
        .map(|i| {
            let mut bytes = vec![0u8; 10 + (i % 3) * 10];
            for (j, b) in bytes.iter_mut().enumerate() {
                *b = (i * 31 + j * 7) as u8;
            }
            let algorithm = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512][i % 3];
            Credential {
                issuer: "Ügyfélkapu+".into(),
                label: format!("user{i}@ugyfelkapu.gov.hu"),
                secret: Secret::from_bytes(bytes).unwrap(),
                params: OtpParams {
                    algorithm,
                    ..OtpParams::totp_default()
                },
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let list = accounts(1000);
    c.bench_function("code_window x1000 accounts (SHA1/256/512 mix)", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &list {
                n += a
                    .code_window(std::hint::black_box(1_700_000_000))
                    .unwrap()
                    .code
                    .as_str()
                    .len();
            }
            n
        })
    });
    let sha1_only: Vec<Credential> = accounts(1000)
        .into_iter()
        .map(|mut a| {
            a.params.algorithm = Algorithm::Sha1;
            a
        })
        .collect();
    c.bench_function("code_window x1000 accounts (SHA1)", |b| {
        b.iter(|| {
            sha1_only
                .iter()
                .map(|a| a.code_window(1_700_000_000).unwrap().counter)
                .sum::<u64>()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
