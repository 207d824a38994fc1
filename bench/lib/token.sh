# shellcheck shell=bash
# An access token of the local bootstrap client (role ADMIN) from auth-service on 8081. The services
# verify every token themselves, so benches that call them directly send one too. Tokens live five
# minutes: take a fresh one for each measurement.
admin_token() {
  curl -fsS -u "${AUTH_BOOTSTRAP_CLIENT_ID:-platform-admin}:${AUTH_BOOTSTRAP_CLIENT_SECRET:-local-dev-secret}" \
    -d grant_type=client_credentials http://127.0.0.1:8081/oauth2/token | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
