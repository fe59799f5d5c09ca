// A real OpenID provider for trying sign-in and for the e2e tests: npm's certified
// `oidc-provider` on 127.0.0.1, with one public client (the portal: authorization code + PKCE,
// refresh tokens) and two users, an administrator and a reader. Access tokens are RS256 JWTs
// for the audience api://devices-portal carrying `roles` (Devices.Administrator or
// Devices.Reader), `preferred_username`, `oid` and `name`, as Entra ID's app roles do.
//
//   node e2e/oidc/provider.mjs [--port 4180] [--portal http://127.0.0.1:8080] [--ttl 3600]
//       [--audience api://devices-portal] [--scopes "<audience>/Devices.Access"]
//
// For the graph backend's tests it plays Entra ID issuing tokens for Microsoft Graph:
// `--audience https://graph.microsoft.com --scopes "https://graph.microsoft.com/… …"`.
//
// The first line it prints is `issuer http://127.0.0.1:<port>`. The login form is the
// provider's own page (served here); there is no consent page (a first-party app).
// POST /test/revoke ends every session and grant (the e2e test of an expired session).
import { createServer } from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const port = Number(arg('port', process.env.OIDC_PORT ?? 4180));
const portals = arg('portal', process.env.OIDC_PORTAL ?? 'http://127.0.0.1:8080').split(',');
const ttl = Number(arg('ttl', process.env.OIDC_TTL ?? 3600));
const issuer = `http://127.0.0.1:${port}`;
const AUDIENCE = arg('audience', 'api://devices-portal');
const SCOPE = arg('scopes', `${AUDIENCE}/Devices.Access`);

/** The test users: sign in with the user principal name and the password. */
export const USERS = {
  'megan@contoso.com': { password: 'Admin-pass-1', name: 'Megan Bowen', roles: ['Devices.Administrator'] },
  'adele@contoso.com': { password: 'Reader-pass-1', name: 'Adele Vance', roles: ['Devices.Reader'] },
};
const oid = (upn) => `00000000-0000-4000-8000-${Buffer.from(upn).toString('hex').slice(0, 12).padEnd(12, '0')}`;

// Everything the provider stores, in memory, so /test/revoke can end it all.
const stored = new Map();
class Memory {
  constructor(name) { this.name = name; }
  key(id) { return `${this.name}:${id}`; }
  async upsert(id, payload, expiresIn) {
    stored.set(this.key(id), { payload, expires: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
  }
  async find(id) {
    const entry = stored.get(this.key(id));
    if (!entry || entry.expires < Date.now()) return undefined;
    return entry.payload;
  }
  async findByUid(uid) {
    for (const [key, entry] of stored) if (key.startsWith(`${this.name}:`) && entry.payload.uid === uid) return entry.payload;
    return undefined;
  }
  async findByUserCode() { return undefined; }
  async consume(id) { const entry = stored.get(this.key(id)); if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000); }
  async destroy(id) { stored.delete(this.key(id)); }
  async revokeByGrantId(grantId) {
    for (const [key, entry] of stored) if (entry.payload.grantId === grantId) stored.delete(key);
  }
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signing = { ...privateKey.export({ format: 'jwk' }), kid: `test-${randomUUID().slice(0, 8)}`, use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  adapter: Memory,
  clients: [{
    client_id: 'devices-portal',
    client_name: 'devices-portal',
    token_endpoint_auth_method: 'none',
    application_type: 'web',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: portals.map((p) => `${p.replace(/\/$/, '')}/`),
    post_logout_redirect_uris: portals.map((p) => `${p.replace(/\/$/, '')}/`),
  }],
  jwks: { keys: [signing] },
  cookies: { keys: [randomUUID()] },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
  scopes: ['openid', 'offline_access', 'profile'],
  findAccount: async (_ctx, sub) => {
    const user = USERS[sub];
    if (!user) return undefined;
    return { accountId: sub, claims: async () => ({ sub, name: user.name, preferred_username: sub }) };
  },
  extraTokenClaims: async (_ctx, token) => {
    const user = USERS[token.accountId];
    if (!user || token.kind !== 'AccessToken') return undefined;
    return { roles: user.roles, preferred_username: token.accountId, oid: oid(token.accountId), name: user.name };
  },
  // Refresh tokens for the SPA whether or not `prompt=consent` came with offline_access, as
  // Entra ID issues them to single-page apps.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: { AccessToken: ttl, IdToken: ttl, Session: 86400, Grant: 86400, RefreshToken: 86400, Interaction: 600, AuthorizationCode: 60 },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => AUDIENCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== AUDIENCE) throw new errors.InvalidTarget();
        return { scope: SCOPE, audience: AUDIENCE, accessTokenTTL: ttl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some((uri) => new URL(uri).origin === origin),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});
provider.proxy = false;

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (uid, hint, error) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in - test identity provider</title>
<style>body{font-family:'Segoe UI',sans-serif;background:#f5f5f5}main{max-width:22rem;margin:4rem auto;background:#fff;padding:2rem;box-shadow:0 2px 6px #0003}
label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;box-sizing:border-box}button{margin-top:1.5rem;padding:.5rem 1.5rem;background:#0067b8;color:#fff;border:0}
p.error{color:#a4262c}</style></head><body><main><h1>Sign in</h1><p>Test identity provider for devices-portal</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
<label for="username">Email</label><input id="username" name="username" type="email" value="${escape(hint ?? '')}" required>
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form></main></body></html>`;

async function body(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 10_000) throw new Error('too large');
  }
  return new URLSearchParams(text);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new errors.SessionNotFound('interaction mismatch');
  if (details.prompt.name === 'login') {
    if (action !== 'login') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(uid, details.params.login_hint));
      return;
    }
    const form = await body(req);
    const username = (form.get('username') ?? '').trim().toLowerCase();
    const user = USERS[username];
    if (!user || user.password !== form.get('password')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(uid, username, 'That email or password is not right.'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: username } }, { mergeWithLastSubmission: false });
    return;
  }
  // Consent for the first-party portal is given without asking.
  if (process.env.OIDC_DEBUG) console.error("consent", JSON.stringify(details.prompt));
  const { prompt: { details: missing }, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const callback = provider.callback();
createServer(async (req, res) => {
  try {
    const path = new URL(req.url, issuer).pathname;
    const match = /^\/interaction\/([\w-]+)(?:\/(login))?$/.exec(path);
    if (match) return await interaction(req, res, match[1], req.method === 'POST' ? match[2] : undefined);
    if (path === '/test/revoke' && req.method === 'POST') {
      const ended = [...stored.keys()].filter((k) => /^(Session|Grant|RefreshToken|AccessToken):/.test(k));
      ended.forEach((k) => stored.delete(k));
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ended: ended.length }));
    }
    return callback(req, res);
  } catch (e) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(`sign-in failed: ${e.message}`);
  }
}).listen(port, '127.0.0.1', () => {
  console.log(`issuer ${issuer}`);
  console.log(`client devices-portal (public, PKCE), redirect ${portals.map((p) => `${p}/`).join(' ')}`);
  console.log('administrator megan@contoso.com / Admin-pass-1, reader adele@contoso.com / Reader-pass-1');
  console.log(`audience ${AUDIENCE}, scope ${SCOPE}, access tokens live ${ttl} s`);
});
