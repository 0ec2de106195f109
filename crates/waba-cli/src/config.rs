//! The client's settings: the `WABA_*` variables `waba::Client::from_env` reads, each
//! overridden by its flag.

use std::time::Duration;

use clap::Args;
use waba::{ClientBuilder, ConfigError, Provider, Setting};

use crate::exit::Failure;

/// The settings of the provider-neutral client, as flags. Each flag overrides the variable
/// named in its help; secrets are better given as variables (a command line can be seen by
/// other users of the machine). No `Debug`: the values may be secrets.
#[derive(Args, Clone, Default)]
#[command(next_help_heading = "Settings (each overrides its WABA_* variable)")]
pub struct ClientArgs {
    /// The provider: dialog360, onextel, channel360, mehery or desk360 [env: WABA_PROVIDER].
    #[arg(long, global = true, value_name = "PROVIDER")]
    pub provider: Option<String>,
    /// Another base URL than the provider's, e.g. a local mock server [env:
    /// WABA_{PROVIDER}_BASE_URL].
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// The API key: 360dialog, Mehery [env: WABA_{PROVIDER}_API_KEY].
    #[arg(long, global = true, value_name = "KEY")]
    pub api_key: Option<String>,
    /// Mehery's x-api-id [env: WABA_MEHERY_API_ID].
    #[arg(long, global = true, value_name = "ID")]
    pub api_id: Option<String>,
    /// The login email: Onextel, Desk360 [env: WABA_{PROVIDER}_EMAIL].
    #[arg(long, global = true, value_name = "EMAIL")]
    pub email: Option<String>,
    /// The login password: Onextel, Desk360 [env: WABA_{PROVIDER}_PASSWORD].
    #[arg(long, global = true, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// The bearer token: Channel360's JWT, or a Desk360 API token [env: WABA_{PROVIDER}_TOKEN].
    #[arg(long, global = true, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Channel360's organisation id [env: WABA_CHANNEL360_ORG_ID].
    #[arg(long, global = true, value_name = "ID")]
    pub org_id: Option<String>,
    /// Mehery's channel id, e.g. wa360:919988776655 [env: WABA_MEHERY_CHANNEL_ID].
    #[arg(long, global = true, value_name = "ID")]
    pub channel_id: Option<String>,
    /// Desk360's WhatsApp integration id [env: WABA_DESK360_INTEGRATION_ID].
    #[arg(long, global = true, value_name = "ID")]
    pub integration_id: Option<String>,
    /// Onextel's business number messages are sent from [env: WABA_ONEXTEL_SENDER].
    #[arg(long, global = true, value_name = "NUMBER")]
    pub sender: Option<String>,
    /// Onextel's journey id [env: WABA_ONEXTEL_JOURNEY_ID].
    #[arg(long, global = true, value_name = "ID")]
    pub journey_id: Option<String>,
    /// Onextel's callbackUrl for delivery events [env: WABA_ONEXTEL_CALLBACK_URL].
    #[arg(long, global = true, value_name = "URL")]
    pub callback_url: Option<String>,
    /// Time allowed for a whole request: 30s by default; e.g. 500ms, 10s, 2m, or seconds.
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
    /// Accept a plain http:// base URL to any host, not only loopback (a mock server in
    /// another container; never for the provider itself).
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,
}

impl ClientArgs {
    /// Each setting and its flag's value.
    fn flags(&self) -> [(Setting, Option<&str>); 12] {
        [
            (Setting::BaseUrl, self.base_url.as_deref()),
            (Setting::ApiKey, self.api_key.as_deref()),
            (Setting::ApiId, self.api_id.as_deref()),
            (Setting::Email, self.email.as_deref()),
            (Setting::Password, self.password.as_deref()),
            (Setting::Token, self.token.as_deref()),
            (Setting::OrgId, self.org_id.as_deref()),
            (Setting::ChannelId, self.channel_id.as_deref()),
            (Setting::IntegrationId, self.integration_id.as_deref()),
            (Setting::Sender, self.sender.as_deref()),
            (Setting::JourneyId, self.journey_id.as_deref()),
            (Setting::CallbackUrl, self.callback_url.as_deref()),
        ]
    }

    /// A variable as the client reads it: the flag that overrides it, else the environment.
    pub fn var(&self, name: &str) -> Option<String> {
        if name == "WABA_PROVIDER"
            && let Some(provider) = &self.provider
        {
            return Some(provider.clone());
        }
        for (setting, value) in self.flags() {
            let Some(value) = value else { continue };
            if Provider::ALL.iter().any(|p| setting.env_var(*p) == name) {
                return Some(value.to_string());
            }
        }
        std::env::var(name).ok()
    }

    /// The provider: `--provider`, else `WABA_PROVIDER`.
    pub fn provider(&self) -> Result<Provider, ConfigError> {
        self.var("WABA_PROVIDER")
            .ok_or(ConfigError::NoProvider)?
            .parse()
    }

    /// A setting of `provider` as the client reads it (flag, else variable), if not empty.
    pub fn setting(&self, provider: Provider, setting: Setting) -> Option<String> {
        self.var(&setting.env_var(provider))
            .filter(|v| !v.is_empty())
    }

    /// The client's builder: variables through [`ClientArgs::var`], the timeout and plain
    /// HTTP flags. A flag for a setting the provider does not use is refused (it would be
    /// ignored otherwise).
    pub fn builder(&self) -> Result<ClientBuilder, Failure> {
        let provider = self.provider()?;
        if let Some((setting, _)) = self.flags().into_iter().find(|(setting, value)| {
            value.is_some() && !provider.settings().iter().any(|(s, _)| s == setting)
        }) {
            return Err(ConfigError::NotUsed { provider, setting }.into());
        }
        let mut builder = ClientBuilder::from_vars(|name| self.var(name))?;
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if self.allow_insecure_http {
            builder = builder.allow_insecure_http();
        }
        Ok(builder)
    }
}

/// `500ms`, `10s`, `2m`, or a number of seconds (`1.5`).
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60.0)
    } else {
        (text, 1.0)
    };
    let seconds = number
        .trim()
        .parse::<f64>()
        .ok()
        .map(|n| n * scale)
        .filter(|s| s.is_finite() && *s > 0.0 && *s < 86_400.0)
        .ok_or_else(|| {
            format!("`{text}` is not a duration (e.g. 500ms, 10s, 2m; more than 0, under a day)")
        })?;
    Ok(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("-1s").is_err());
    }

    #[test]
    fn a_flag_overrides_its_variable_for_the_provider_it_names() {
        let args = ClientArgs {
            provider: Some("mehery".into()),
            channel_id: Some("wa360:1".into()),
            ..ClientArgs::default()
        };
        assert_eq!(args.var("WABA_PROVIDER").as_deref(), Some("mehery"));
        assert_eq!(
            args.var("WABA_MEHERY_CHANNEL_ID").as_deref(),
            Some("wa360:1")
        );
        assert_eq!(
            args.setting(Provider::Mehery, Setting::ChannelId)
                .as_deref(),
            Some("wa360:1")
        );
    }

    #[test]
    fn a_flag_the_provider_does_not_use_is_refused() {
        let args = ClientArgs {
            provider: Some("dialog360".into()),
            api_key: Some("k".into()),
            org_id: Some("o".into()),
            ..ClientArgs::default()
        };
        let failure = args.builder().expect_err("refused");
        assert_eq!(failure.exit, crate::exit::Exit::Usage);
        assert!(failure.message.contains("org id"), "{}", failure.message);
    }
}
