//! The contract layer: the service's own spec, enforced in front of the generated router.
//!
//! For every request it finds the operation in the generated operations table (404 for an
//! unknown path, 405 with `Allow` for a known path with another method), checks the access
//! policy the spec declares (401 before anything else is looked at, then 403), checks the
//! body's media type (415), size (413) and syntax (400), and validates parameters and body
//! against the spec's schemas (422 with field errors). Only requests that satisfy the
//! contract reach the generated handlers. [`announce`], outside every other layer, gives
//! every answer of a deprecated operation its `Deprecation`, `Sunset` and successor `Link`.

use std::collections::HashMap;
use std::sync::Arc;

use agora_api::{Access, Deprecation, Operation, RequestBody, Service};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{
    ALLOW, CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue, LINK, TRANSFER_ENCODING,
    WWW_AUTHENTICATE,
};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::Value;

use crate::authorizer::Authorizer;
use crate::clients::{ClientAuthenticator, basic_credentials, invalid_client};
use crate::operations::{Lookup, MatcherError, OperationMatcher, decoded};
use crate::problem::{FieldError, Problem};
use crate::schema::{CompileError, Schema};
use crate::token::{Claims, TokenError, TokenVerifier};

/// Paths the kit serves outside the spec: Swagger UI and its assets.
const UNMANAGED_PREFIX: &str = "/docs";

pub struct Contract {
    /// Which operation a request names: the same matcher as the gateway's.
    matcher: OperationMatcher,
    /// Each operation's compiled parameters and body schema, by operation id.
    ops: HashMap<&'static str, CompiledOp>,
    verifier: Arc<TokenVerifier>,
    authorizer: Option<Arc<dyn Authorizer>>,
    clients: Option<Arc<dyn ClientAuthenticator>>,
    body_limit: usize,
}

struct CompiledOp {
    op: &'static Operation,
    params: Vec<Param>,
    body: Option<Schema>,
    /// What every answer carries while the operation is deprecated.
    deprecation: Vec<(HeaderName, HeaderValue)>,
}

#[derive(PartialEq)]
enum Location {
    Path,
    Query,
    Header,
}

struct Param {
    name: String,
    location: Location,
    required: bool,
    schema: Schema,
}

#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    #[error("the service's bundled spec is not valid JSON")]
    Spec(#[source] serde_json::Error),
    #[error(transparent)]
    Routes(#[from] MatcherError),
    #[error("{operation}: {source}")]
    Schema {
        operation: &'static str,
        #[source]
        source: CompileError,
    },
    #[error("{operation}: its deprecation headers are not valid header values")]
    Deprecation { operation: &'static str },
}

impl Contract {
    /// The contract of `service`. With an `authorizer`, a permission the token does not
    /// carry is asked of it before the request is refused; `clients` authenticates the
    /// service clients of HTTP Basic operations (none is admitted without it).
    pub fn new(
        service: &Service,
        verifier: Arc<TokenVerifier>,
        authorizer: Option<Arc<dyn Authorizer>>,
        clients: Option<Arc<dyn ClientAuthenticator>>,
        body_limit: usize,
    ) -> Result<Self, ContractError> {
        let spec: Value =
            serde_json::from_str(service.openapi_json).map_err(ContractError::Spec)?;
        let ops = service
            .operations
            .iter()
            .map(|op| {
                let mut compiled =
                    compile_op(op, &spec).map_err(|source| ContractError::Schema {
                        operation: op.id,
                        source,
                    })?;
                if let Some(d) = &op.deprecation {
                    compiled.deprecation = deprecation_headers(d)
                        .ok_or(ContractError::Deprecation { operation: op.id })?;
                }
                Ok((op.id, compiled))
            })
            .collect::<Result<_, ContractError>>()?;
        Ok(Self {
            matcher: OperationMatcher::new([service], true)?,
            ops,
            verifier,
            authorizer,
            clients,
            body_limit,
        })
    }

    /// Checks `req` against the contract; the request to pass on, or the problem to answer.
    pub async fn check(&self, req: Request) -> Result<Request, Problem> {
        self.check_recording(req, &mut None).await
    }

    /// [`Contract::check`], noting in `operation` which operation the request named, for
    /// the metrics (even when the answer is a problem).
    async fn check_recording(
        &self,
        req: Request,
        operation: &mut Option<&'static str>,
    ) -> Result<Request, Problem> {
        let path = req.uri().path().to_owned();
        if path == UNMANAGED_PREFIX || path.starts_with("/docs/") {
            return Ok(req);
        }
        let (operation_id, raw_params) = match self.matcher.find(req.method(), &path) {
            Lookup::Found {
                operation: op,
                params,
                ..
            } => (op.id, params),
            Lookup::NotFound => return Err(Problem::not_found("no resource lives at this path")),
            Lookup::MethodNotAllowed(allow) => {
                let allow = HeaderValue::from_str(&allow).expect("method names are header-safe");
                return Err(
                    Problem::for_status(StatusCode::METHOD_NOT_ALLOWED).header(ALLOW, allow)
                );
            }
        };
        *operation = Some(operation_id);
        let op = &self.ops[operation_id];
        // A value whose escapes do not decode to UTF-8 names no resource.
        let captures: Vec<(&str, String)> = raw_params
            .into_iter()
            .map(|(name, raw)| decoded(&raw).map(|value| (name, value)))
            .collect::<Option<_>>()
            .ok_or_else(|| Problem::not_found("no resource lives at this path"))?;
        let captures = &captures;

        let (mut parts, body) = req.into_parts();
        let query: Vec<(String, String)> =
            form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
                .into_owned()
                .collect();
        if let Some(claims) = self.authorize(op, captures, &query, &parts.headers).await? {
            parts.extensions.insert(claims);
        }

        if let Some(missing) = op.missing_header(&parts.headers) {
            // A required header is part of the request's framing, not of its data (the
            // contract: a checkout without its Idempotency-Key is 400).
            return Err(
                Problem::new(StatusCode::BAD_REQUEST, "missing-header", "Missing header")
                    .detail(format!("the {missing} header is required")),
            );
        }
        let mut errors = Vec::new();
        op.validate_params(captures, &query, &parts.headers, &mut errors);
        let body = match (&op.body, op.op.request_body) {
            (Some(schema), RequestBody::Json { required }) => {
                let bytes = self
                    .read_body(&parts.headers, body, required, is_json)
                    .await?;
                if let Some(bytes) = &bytes {
                    if bytes.is_empty() {
                        return Err(Problem::malformed_json("the request body is empty"));
                    }
                    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
                        Problem::malformed_json(format!(
                            "the body is not valid JSON: {}",
                            json_error_position(&e)
                        ))
                    })?;
                    schema.validate(&value, "", &mut errors);
                }
                bytes.map(Body::from).unwrap_or_else(Body::empty)
            }
            (Some(schema), RequestBody::Form { required }) => {
                let bytes = self
                    .read_body(&parts.headers, body, required, is_form)
                    .await?;
                if let Some(bytes) = &bytes {
                    let fields = form_fields(bytes, schema, &mut errors);
                    schema.validate(&fields, "", &mut errors);
                }
                bytes.map(Body::from).unwrap_or_else(Body::empty)
            }
            _ => body,
        };
        if !errors.is_empty() {
            return Err(Problem::validation(errors));
        }
        Ok(Request::from_parts(parts, body))
    }

    async fn authorize(
        &self,
        op: &CompiledOp,
        captures: &[(&str, String)],
        query: &[(String, String)],
        headers: &http::HeaderMap,
    ) -> Result<Option<Claims>, Problem> {
        let claims = match op.op.access {
            Access::Public => return Ok(None),
            Access::Client => return self.authenticate_client(headers).await.map(Some),
            _ => self
                .verifier
                .verify_header(headers)
                .await
                .map_err(|e| match e {
                    TokenError::Missing => {
                        Problem::unauthorized("a bearer access token is required")
                    }
                    TokenError::Expired => invalid_token("the access token has expired"),
                    TokenError::Invalid => invalid_token("the access token is not valid"),
                    TokenError::KeysUnavailable => {
                        Problem::unavailable("access tokens cannot be verified right now")
                    }
                })?,
        };
        let (permission, owner) = match op.op.access {
            Access::Public | Access::Authenticated | Access::Client => return Ok(Some(claims)),
            Access::Permission(p) => (p, None),
            Access::OwnerOrPermission {
                owner_param,
                permission,
            } => {
                // The owner is named by a path parameter, or by a query parameter (`?user_id=`).
                let owner = captures
                    .iter()
                    .find(|(n, _)| *n == owner_param)
                    .map(|(_, v)| v.as_str())
                    .or_else(|| {
                        query
                            .iter()
                            .find(|(k, _)| k == owner_param)
                            .map(|(_, v)| v.as_str())
                    });
                (
                    permission,
                    owner.and_then(|o| uuid::Uuid::parse_str(o).ok()),
                )
            }
        };
        if owner == Some(claims.sub) || claims.has_permission(permission) {
            return Ok(Some(claims));
        }
        let forbidden = || Problem::forbidden("the access token does not grant this operation");
        let Some(authorizer) = &self.authorizer else {
            return Err(forbidden());
        };
        // The token's roles may predate a grant: ask auth before refusing.
        let token = crate::token::bearer(headers).unwrap_or_default();
        match authorizer
            .allowed(token, claims.sub, permission, owner)
            .await
        {
            Ok(true) => Ok(Some(claims)),
            Ok(false) => Err(forbidden()),
            Err(_) => Err(Problem::unavailable(
                "permissions cannot be checked right now; try again shortly",
            )),
        }
    }

    /// The service client whose Basic credentials `headers` carry.
    async fn authenticate_client(&self, headers: &http::HeaderMap) -> Result<Claims, Problem> {
        let (id, secret) = match basic_credentials(headers) {
            Ok(Some(credentials)) => credentials,
            Ok(None) => {
                return Err(invalid_client(
                    "the client's id and secret are required, by HTTP Basic",
                ));
            }
            Err(e) => return Err(invalid_client(&e.to_string())),
        };
        let known = match &self.clients {
            Some(clients) => clients.authenticate(&id, &secret).await,
            None => None,
        };
        known.ok_or_else(|| invalid_client("the client id or secret is not valid"))
    }

    /// The body's bytes, or `None` for an absent optional body; `media` says whether the
    /// declared content type is the operation's.
    async fn read_body(
        &self,
        headers: &http::HeaderMap,
        body: Body,
        required: bool,
        media: fn(&http::HeaderMap) -> bool,
    ) -> Result<Option<bytes::Bytes>, Problem> {
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let present = declared.is_some_and(|n| n > 0) || headers.contains_key(TRANSFER_ENCODING);
        if !present && !required {
            return Ok(None);
        }
        if !media(headers) {
            return Err(Problem::for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE));
        }
        if declared.is_some_and(|n| n > self.body_limit as u64) {
            return Err(too_large(self.body_limit));
        }
        let bytes = Limited::new(body, self.body_limit)
            .collect()
            .await
            .map_err(|e| {
                if e.downcast_ref::<LengthLimitError>().is_some() {
                    too_large(self.body_limit)
                } else {
                    Problem::for_status(StatusCode::BAD_REQUEST)
                        .detail("the request body could not be read")
                }
            })?;
        Ok(Some(bytes.to_bytes()))
    }
}

fn invalid_token(detail: &str) -> Problem {
    let mut p = Problem::unauthorized(detail);
    p.headers = vec![(
        WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer error=\"invalid_token\""),
    )];
    p
}

fn too_large(limit: usize) -> Problem {
    Problem::for_status(StatusCode::PAYLOAD_TOO_LARGE).detail(format!(
        "the request body is over the limit of {limit} bytes"
    ))
}

/// Where parsing stopped; serde_json's messages otherwise quote parts of the input.
fn json_error_position(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Eof => "it ends early",
        _ => "syntax error",
    };
    format!("{what} at line {} column {}", e.line(), e.column())
}

/// The media type of the request's `Content-Type`, lower-cased, without parameters.
fn essence(headers: &http::HeaderMap) -> Option<String> {
    let ct = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    Some(ct.split(';').next()?.trim().to_ascii_lowercase())
}

/// `application/json` or any `application/<something>+json`, with parameters allowed.
fn is_json(headers: &http::HeaderMap) -> bool {
    essence(headers).is_some_and(|e| {
        e == "application/json" || (e.starts_with("application/") && e.ends_with("+json"))
    })
}

fn is_form(headers: &http::HeaderMap) -> bool {
    essence(headers).is_some_and(|e| e == "application/x-www-form-urlencoded")
}

/// A form body as the object its schema describes: every field a string, a field the
/// schema declares given twice an error (RFC 6749 §3.2), one it does not declare left as
/// the schema says (ignored, unless the schema forbids other fields).
fn form_fields(bytes: &[u8], schema: &Schema, errors: &mut Vec<FieldError>) -> Value {
    let mut fields = serde_json::Map::new();
    for (name, value) in form_urlencoded::parse(bytes) {
        if fields.contains_key(name.as_ref()) {
            if schema.declares(&name) {
                errors.push(FieldError::new(name.as_ref(), "must be given at most once"));
            }
            continue;
        }
        fields.insert(name.into_owned(), Value::String(value.into_owned()));
    }
    Value::Object(fields)
}

impl CompiledOp {
    /// The first required header the request lacks.
    fn missing_header(&self, headers: &http::HeaderMap) -> Option<&str> {
        self.params
            .iter()
            .find(|p| {
                p.location == Location::Header
                    && p.required
                    && !headers.contains_key(p.name.as_str())
            })
            .map(|p| p.name.as_str())
    }

    fn validate_params(
        &self,
        captures: &[(&str, String)],
        query: &[(String, String)],
        headers: &http::HeaderMap,
        errors: &mut Vec<FieldError>,
    ) {
        for param in &self.params {
            let raw: Option<String> = match param.location {
                Location::Path => captures
                    .iter()
                    .find(|(n, _)| *n == param.name)
                    .map(|(_, v)| v.clone()),
                Location::Query => {
                    let mut values = query.iter().filter(|(k, _)| *k == param.name);
                    let first = values.next().map(|(_, v)| v.clone());
                    if values.next().is_some() {
                        errors.push(FieldError::new(&param.name, "must be given at most once"));
                        continue;
                    }
                    first
                }
                Location::Header => headers
                    .get(param.name.as_str())
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
            };
            match raw {
                None if param.required => errors.push(FieldError::new(&param.name, "is required")),
                None => {}
                Some(raw) => {
                    param
                        .schema
                        .validate(&param.schema.coerce_param(&raw), &param.name, errors)
                }
            }
        }
    }
}

fn compile_op(op: &'static Operation, spec: &Value) -> Result<CompiledOp, CompileError> {
    let item = &spec["paths"][op.path];
    let operation = &item[op.method.as_str().to_ascii_lowercase()];
    let mut params = Vec::new();
    let declared = item["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(operation["parameters"].as_array().into_iter().flatten());
    for p in declared {
        let p = resolve(p, spec)?;
        let location = match p["in"].as_str() {
            Some("path") => Location::Path,
            Some("query") => Location::Query,
            Some("header") => Location::Header,
            _ => continue,
        };
        let name = p["name"].as_str().unwrap_or_default().to_owned();
        params.retain(|q: &Param| !(q.name == name && q.location == location));
        params.push(Param {
            required: p["required"]
                .as_bool()
                .unwrap_or(location == Location::Path),
            schema: Schema::compile(&p["schema"], spec)?,
            name,
            location,
        });
    }
    let body = match operation.get("requestBody") {
        Some(rb) => {
            let rb = resolve(rb, spec)?;
            let content = &rb["content"];
            let media = content
                .get("application/json")
                .or_else(|| content.get("application/x-www-form-urlencoded"));
            match media.and_then(|m| m.get("schema")) {
                Some(schema) => Some(Schema::compile(schema, spec)?),
                None => None,
            }
        }
        None => None,
    };
    Ok(CompiledOp {
        op,
        params,
        body,
        deprecation: Vec::new(),
    })
}

/// `Deprecation` (RFC 9745), `Sunset` (RFC 8594) and the successor's `Link`; `None` when
/// the table's values are no header values. The gateway adds the same to its own answers.
pub fn deprecation_headers(d: &Deprecation) -> Option<Vec<(HeaderName, HeaderValue)>> {
    let mut headers = vec![
        (
            HeaderName::from_static("deprecation"),
            HeaderValue::from_str(d.deprecation).ok()?,
        ),
        (
            HeaderName::from_static("sunset"),
            HeaderValue::from_str(d.sunset).ok()?,
        ),
    ];
    if let Some(link) = d.link {
        headers.push((LINK, HeaderValue::from_str(link).ok()?));
    }
    Some(headers)
}

/// Adds `announced` (from [`deprecation_headers`]) to `headers`: each value once, beside the
/// answer's own values of the same name (a `Link` to the next page stays).
pub fn add_deprecation(headers: &mut http::HeaderMap, announced: &[(HeaderName, HeaderValue)]) {
    for (name, value) in announced {
        if !headers.get_all(name).iter().any(|v| v == value) {
            headers.append(name.clone(), value.clone());
        }
    }
}

fn resolve<'a>(node: &'a Value, spec: &'a Value) -> Result<&'a Value, CompileError> {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix('#')
            .and_then(|p| spec.pointer(p))
            .ok_or_else(|| CompileError::Reference(r.into())),
        None => Ok(node),
    }
}

impl Contract {
    /// Whether any operation of the service is deprecated (and [`announce`] has work).
    pub fn has_deprecations(&self) -> bool {
        self.ops.values().any(|c| !c.deprecation.is_empty())
    }
}

/// Outside everything else, so that every answer of a deprecated operation says so: its
/// successes, the contract's problems, and the edge's own 500 for a panic and 503 for a
/// timeout. Installed only when the service has a deprecated operation.
pub async fn announce(State(contract): State<Arc<Contract>>, req: Request, next: Next) -> Response {
    let headers = match contract.matcher.find(req.method(), req.uri().path()) {
        Lookup::Found { operation, .. } => contract
            .ops
            .get(operation.id)
            .map(|c| c.deprecation.as_slice())
            .unwrap_or_default(),
        _ => &[],
    };
    let mut response = next.run(req).await;
    add_deprecation(response.headers_mut(), headers);
    response
}

/// The contract layer as axum middleware.
pub async fn enforce(State(contract): State<Arc<Contract>>, req: Request, next: Next) -> Response {
    let mut operation = None;
    let mut response = match contract.check_recording(req, &mut operation).await {
        Ok(req) => {
            // The handler's own token check finds the claims verified here.
            let verified = req
                .extensions()
                .get::<Claims>()
                .cloned()
                .and_then(|claims| {
                    crate::token::credential(req.headers()).map(|t| (t.to_owned(), claims))
                });
            match verified {
                Some((token, claims)) => {
                    crate::token::verified_scope(token, claims, next.run(req)).await
                }
                None => next.run(req).await,
            }
        }
        Err(problem) => problem.into_response(),
    };
    response
        .extensions_mut()
        .insert(crate::metrics::OperationId(
            operation.unwrap_or("unmatched"),
        ));
    response
}
