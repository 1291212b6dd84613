//! `GET /status`: a service's health. The same for both handles, and the one
//! call that sends no key.

use crate::endpoints::Service;
use crate::http::config::Config;
use crate::http::error::Error;
use crate::http::model::resources::Health;
use crate::http::request::{Endpoint, Method, Request};
use crate::http::response::read;
use crate::http::retry::execute;

/// The health of one service.
pub(crate) async fn health(config: &Config, service: Service) -> Result<Health, Error> {
    let status = Endpoint::new("health", service, Method::Get, "", "/status");
    let request = Request::new(status, config.status_url(service));
    let reply = execute(config, &request).await?;
    read(&reply, &request)
}
