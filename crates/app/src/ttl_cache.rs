//! A value read on almost every request and changed rarely, kept in memory for a few
//! seconds: changes made on this node clear it at once; changes made on another node
//! are seen within [`TTL`].

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

pub(crate) const TTL: Duration = Duration::from_secs(5);

pub(crate) struct TtlCache<T>(RwLock<Option<(Instant, Arc<T>)>>);

impl<T> Default for TtlCache<T> {
    fn default() -> Self {
        Self(RwLock::new(None))
    }
}

impl<T> TtlCache<T> {
    pub(crate) fn clear(&self) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The cached value while it is fresh, otherwise what `load` reads (then kept).
    pub(crate) async fn get_or_load<E, F>(&self, load: F) -> Result<Arc<T>, E>
    where
        F: std::future::Future<Output = Result<T, E>>,
    {
        if let Some((at, v)) = self.0.read().unwrap_or_else(|p| p.into_inner()).as_ref()
            && at.elapsed() < TTL
        {
            return Ok(v.clone());
        }
        let v = Arc::new(load.await?);
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), v.clone()));
        Ok(v)
    }
}
