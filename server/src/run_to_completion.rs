//! A request that reached the site runs to its end even when the browser
//! hangs up (a tablet losing its signal in the middle of a sync).
//!
//! Without this, hyper drops the handler's future at the next `.await` once
//! the client is gone. With SQLite that is not harmless: sqlx runs each
//! statement on the connection's own worker thread, so a `BEGIN IMMEDIATE`
//! that was already sent runs even though the dropped future never made the
//! transaction guard that would roll it back. The connection goes back to the
//! pool holding the write lock, and from then on every write fails with
//! "database is locked" (seen in the Playwright suite's offline tests).
//! Running each request in its own task means nothing is cut off between
//! statements: a transaction is always committed or rolled back.
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;

pub async fn run_to_completion(req: Request, next: Next) -> Response {
    match tokio::spawn(next.run(req)).await {
        Ok(response) => response,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        // only when the runtime is shutting down
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::run_to_completion;
    use axum::body::Body;
    use axum::routing::post;
    use axum::Router;
    use std::sync::Arc;
    use std::time::Duration;
    use tokio::sync::{oneshot, Notify};
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_handler_finishes_after_the_caller_has_gone() {
        let (started_tx, started_rx) = oneshot::channel::<()>();
        let (done_tx, done_rx) = oneshot::channel::<()>();
        let started_tx = Arc::new(std::sync::Mutex::new(Some(started_tx)));
        let done_tx = Arc::new(std::sync::Mutex::new(Some(done_tx)));
        let gate = Arc::new(Notify::new());
        let handler_gate = gate.clone();
        let app = Router::new()
            .route(
                "/work",
                post(move || {
                    let (started, done, gate) = (started_tx.clone(), done_tx.clone(), handler_gate.clone());
                    async move {
                        let _ = started.lock().unwrap().take().unwrap().send(());
                        // the work between two statements of a transaction
                        gate.notified().await;
                        let _ = done.lock().unwrap().take().unwrap().send(());
                        "ok"
                    }
                }),
            )
            .layer(axum::middleware::from_fn(run_to_completion));

        let call = tokio::spawn(app.oneshot(http::Request::post("/work").body(Body::empty()).unwrap()));
        started_rx.await.unwrap();
        // the browser hangs up: the request's future is dropped
        call.abort();
        assert!(call.await.unwrap_err().is_cancelled());
        gate.notify_one();
        // a guard against a hang, not a timing assertion
        let finished = tokio::time::timeout(Duration::from_secs(30), done_rx).await;
        assert!(matches!(finished, Ok(Ok(()))), "the handler was cut off with its caller");
    }
}
