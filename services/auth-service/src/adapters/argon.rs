//! argon2id password hashing with OWASP's parameters (19 MiB, 2 passes, 1 lane).
//!
//! Hashing runs on a fixed set of worker threads, each owning its argon2 working memory,
//! allocated once and reused: memory use is bounded by the number of workers (not by how
//! many logins arrive at once), nothing is allocated per password, and the async workers
//! never block. A bound on queued work keeps a burst of logins from piling
//! up without limit.

use std::sync::{Arc, Mutex, mpsc};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{Semaphore, oneshot};

use crate::app::ports::{HashError, PasswordHasher};

type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// The parameters passwords are hashed with: OWASP's Password Storage Cheat Sheet's first
/// argon2id recommendation, m=19 MiB, t=2, p=1 (its variants with less memory and more
/// passes are only as strong, and it is the floor our security requirements name). Hashes
/// made with other parameters still verify, and are upgraded to these at the account's next
/// login.
pub fn owasp_params() -> Params {
    Params::new(19_456, 2, 1, None).expect("OWASP's argon2 parameters are valid")
}

pub struct Argon2id {
    params: Params,
    jobs: mpsc::Sender<Job>,
    /// How many hashes may be queued or running at once.
    permits: Arc<Semaphore>,
    /// Verified against when an account does not exist, so that the answer takes as long;
    /// made on a worker, with its memory, on first need.
    dummy_hash: tokio::sync::OnceCell<String>,
}

impl Argon2id {
    /// [`owasp_params`] on `workers` threads (each holds 19 MiB of working memory once it
    /// has hashed).
    pub fn owasp(workers: usize) -> Self {
        Self::with_params(owasp_params(), workers)
    }

    pub fn with_params(params: Params, workers: usize) -> Self {
        let workers = workers.max(1);
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..workers {
            let queue = queue.clone();
            let blocks = params.block_count();
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || {
                    let mut memory = Vec::new();
                    loop {
                        // The lock is held only to take the next job.
                        let job = queue.lock().map(|q| q.recv());
                        match job {
                            Ok(Ok(job)) => job(&mut memory),
                            // The hasher was dropped: no more work will come.
                            _ => return,
                        }
                        // A hash made with bigger parameters (an account not yet upgraded)
                        // does not leave its memory held for good.
                        if memory.len() > blocks {
                            memory.truncate(blocks);
                            memory.shrink_to_fit();
                        }
                    }
                })
                .expect("spawning an argon2 worker thread");
        }
        Self {
            params,
            jobs,
            permits: Arc::new(Semaphore::new(workers * 4)),
            dummy_hash: tokio::sync::OnceCell::new(),
        }
    }

    /// Runs `f` on a worker with its working memory; waits for a place when many are queued.
    async fn on_worker<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| HashError(e.to_string()))?;
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Box::new(move |memory| {
                let _ = reply.send(f(memory));
            }))
            .map_err(|_| HashError("the hashing workers stopped".into()))?;
        answer
            .await
            .map_err(|_| HashError("a hashing worker stopped".into()))
    }
}

/// argon2 over `password` and `salt` with `params`, in `memory` (grown if too small), as a
/// PHC string's parts.
fn compute<'a>(
    params: &Params,
    memory: &mut Vec<Block>,
    password: &[u8],
    salt: Salt<'a>,
) -> argon2::password_hash::Result<PasswordHash<'a>> {
    compute_with(
        Algorithm::Argon2id,
        Version::V0x13,
        params,
        memory,
        password,
        salt,
    )
}

fn compute_with<'a>(
    algorithm: Algorithm,
    version: Version,
    params: &Params,
    memory: &mut Vec<Block>,
    password: &[u8],
    salt: Salt<'a>,
) -> argon2::password_hash::Result<PasswordHash<'a>> {
    let argon = Argon2::new(algorithm, version, params.clone());
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf)?;
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let hash = Output::init_with(output_len, |out| {
        Ok(argon.hash_password_into_with_memory(password, salt_bytes, out, &mut memory[..])?)
    })?;
    Ok(PasswordHash {
        algorithm: algorithm.ident(),
        version: Some(version.into()),
        params: ParamsString::try_from(params)?,
        salt: Some(salt),
        hash: Some(hash),
    })
}

/// Whether `password` matches the PHC string `stored`. The stored hash carries its own
/// algorithm, version and parameters; verification honours them, so raising the
/// parameters later does not lock out existing accounts.
fn matches(
    stored: &str,
    password: &[u8],
    memory: &mut Vec<Block>,
) -> argon2::password_hash::Result<bool> {
    let parsed = PasswordHash::new(stored)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Ok(false);
    };
    let algorithm = Algorithm::try_from(parsed.algorithm)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()?
        .unwrap_or_default();
    let params = Params::try_from(&parsed)?;
    let computed = compute_with(algorithm, version, &params, memory, password, salt)?;
    // `Output`'s comparison takes constant time.
    Ok(computed.hash == Some(expected))
}

#[async_trait::async_trait]
impl PasswordHasher for Argon2id {
    async fn hash(&self, password: String) -> Result<String, HashError> {
        let params = self.params.clone();
        self.on_worker(move |memory| {
            let salt = SaltString::generate(&mut OsRng);
            compute(&params, memory, password.as_bytes(), salt.as_salt())
                .map(|h| h.to_string())
                .map_err(|e| HashError(e.to_string()))
        })
        .await?
    }

    async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, HashError> {
        let known = hash.is_some();
        let hash = match hash {
            Some(hash) => hash,
            None => self
                .dummy_hash
                .get_or_try_init(|| self.hash("a password nobody has".into()))
                .await?
                .clone(),
        };
        self.on_worker(move |memory| {
            matches(&hash, password.as_bytes(), memory)
                .map(|ok| ok && known)
                .map_err(|e| HashError(e.to_string()))
        })
        .await?
    }

    fn needs_rehash(&self, hash: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(hash) else {
            return true;
        };
        let current = &self.params;
        let same_cost = Params::try_from(&parsed).is_ok_and(|p| {
            (p.m_cost(), p.t_cost(), p.p_cost())
                == (current.m_cost(), current.t_cost(), current.p_cost())
        });
        let same_length = parsed.hash.map(|h| h.len())
            == Some(current.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN));
        parsed.algorithm != Algorithm::Argon2id.ident()
            || parsed.version != Some(Version::V0x13.into())
            || !same_cost
            || !same_length
    }
}

#[cfg(test)]
mod tests {
    use argon2::PasswordVerifier as _;

    use super::*;

    fn small() -> Argon2id {
        Argon2id::with_params(Params::new(64, 1, 1, None).unwrap(), 2)
    }

    #[tokio::test]
    async fn what_it_hashes_it_verifies_and_nothing_else() {
        let h = small();
        let hash = h.hash("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{hash}");
        assert!(
            h.verify("correct horse battery".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !h.verify("correct horse batterY".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(
            !h.verify("anything".into(), None).await.unwrap(),
            "no account, no match"
        );
    }

    #[tokio::test]
    async fn its_hashes_are_standard_phc_strings_both_ways() {
        let h = small();
        // Ours, checked by the argon2 crate's own verifier.
        let ours = h.hash("plum-lantern-violin-42".into()).await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"plum-lantern-violin-42", &parsed)
                .is_ok()
        );
        // The crate's, with other parameters, checked by ours.
        let salt = SaltString::generate(&mut OsRng);
        let theirs = argon2::PasswordHasher::hash_password(
            &Argon2::new(
                Algorithm::Argon2id,
                Version::V0x13,
                Params::new(128, 2, 1, None).unwrap(),
            ),
            b"plum-lantern-violin-42",
            &salt,
        )
        .unwrap()
        .to_string();
        assert!(
            h.verify("plum-lantern-violin-42".into(), Some(theirs))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn hashes_with_other_parameters_need_upgrading_and_ours_do_not() {
        let h = small();
        let ours = h.hash("plum-lantern-violin-42".into()).await.unwrap();
        assert!(!h.needs_rehash(&ours));
        let older = Argon2id::with_params(Params::new(128, 2, 1, None).unwrap(), 1)
            .hash("plum-lantern-violin-42".into())
            .await
            .unwrap();
        assert!(h.needs_rehash(&older));
        let argon2i = argon2::PasswordHasher::hash_password(
            &Argon2::new(
                Algorithm::Argon2i,
                Version::V0x13,
                Params::new(64, 1, 1, None).unwrap(),
            ),
            b"plum-lantern-violin-42",
            &SaltString::generate(&mut OsRng),
        )
        .unwrap()
        .to_string();
        assert!(h.needs_rehash(&argon2i));
        assert!(h.needs_rehash("not a PHC string"));
    }

    #[tokio::test]
    async fn many_at_once_all_finish() {
        let h = Arc::new(small());
        let tasks: Vec<_> = (0..50)
            .map(|i| {
                let h = h.clone();
                tokio::spawn(async move {
                    let hash = h.hash(format!("password number {i}")).await.unwrap();
                    h.verify(format!("password number {i}"), Some(hash))
                        .await
                        .unwrap()
                })
            })
            .collect();
        for t in tasks {
            assert!(t.await.unwrap());
        }
    }
}
