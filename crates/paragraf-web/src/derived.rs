//! Follow-up views cached per archive generation.
//!
//! People, the registers and topics are derived from the whole archive on
//! each call (hundreds of milliseconds on thousands of meetings); a page
//! server asks for them on every request. The store's generation grows
//! with every meeting, status, unlink, merge or correction, so a view
//! computed at one generation is valid until it moves. One computation at
//! a time per view: concurrent requests wait for it instead of repeating
//! it.

use std::sync::Arc;

use paragraf_followup::actions::ActionRecord;
use paragraf_followup::agenda::Agenda;
use paragraf_followup::decisions::DecisionRecord;
use paragraf_followup::topics::Topic;
use paragraf_followup::{FollowupError, PersonRecord};
use paragraf_store::Store;
use tokio::sync::Mutex;

use crate::error::Failure;

type Slot<T> = Mutex<Option<(i64, Arc<T>)>>;

#[derive(Default)]
pub struct Derived {
    people: Slot<Vec<PersonRecord>>,
    actions: Slot<Vec<ActionRecord>>,
    decisions: Slot<Vec<DecisionRecord>>,
    topics: Slot<Vec<Topic>>,
    /// The draft for the next meeting of the archive's latest body.
    agenda: Slot<Agenda>,
}

async fn cached<T, F>(slot: &Slot<T>, store: &Store, compute: F) -> Result<Arc<T>, Failure>
where
    T: Send + 'static,
    F: AsyncFnOnce(&Store) -> Result<T, FollowupError> + Send + 'static,
{
    let mut slot = slot.lock().await;
    let generation = store.generation().await?;
    if let Some((at, value)) = slot.as_ref()
        && *at == generation
    {
        return Ok(value.clone());
    }
    // A whole archive's view is seconds of CPU on a large archive: on a
    // blocking thread it leaves the async workers free for other pages.
    let store = store.clone();
    let runtime = tokio::runtime::Handle::current();
    let value = tokio::task::spawn_blocking(move || runtime.block_on(compute(&store)))
        .await
        .map_err(|error| Failure::Internal(error.to_string()))??;
    let value = Arc::new(value);
    *slot = Some((generation, value.clone()));
    Ok(value)
}

impl Derived {
    pub async fn people(&self, store: &Store) -> Result<Arc<Vec<PersonRecord>>, Failure> {
        cached(&self.people, store, paragraf_followup::people).await
    }

    pub async fn actions(&self, store: &Store) -> Result<Arc<Vec<ActionRecord>>, Failure> {
        cached(&self.actions, store, paragraf_followup::actions).await
    }

    pub async fn decisions(&self, store: &Store) -> Result<Arc<Vec<DecisionRecord>>, Failure> {
        cached(&self.decisions, store, paragraf_followup::decisions).await
    }

    pub async fn topics(&self, store: &Store) -> Result<Arc<Vec<Topic>>, Failure> {
        cached(&self.topics, store, paragraf_followup::topics).await
    }

    pub async fn next_agenda(&self, store: &Store) -> Result<Arc<Agenda>, Failure> {
        cached(&self.agenda, store, async |store: &Store| {
            paragraf_followup::next_agenda(store, None, None).await
        })
        .await
    }
}
