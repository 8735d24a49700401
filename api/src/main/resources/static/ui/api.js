// Talking to the server: GraphQL and artifact bytes, with the bearer token this browser stored.
const KEY = "provenant.token";

export function token() {
  return localStorage.getItem(KEY) || "";
}

export function setToken(t) {
  localStorage.setItem(KEY, t.trim());
}

export function logout() {
  localStorage.removeItem(KEY);
}

/** The server refused the token (401): the app asks for another. */
export class AuthError extends Error {}

/** The app's GraphQL documents: one file each, checked against the schema at build time (TestDocumentsTest). */
const DOCUMENTS = "/ui/graphql/";
const documents = new Map();

/**
 * The text of the GraphQL document /ui/graphql/<name>.graphql, fetched once per page load and kept
 * in memory (a failed fetch is not kept: the next call tries again).
 */
export function graphqlDocument(name) {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    return Promise.reject(new Error("not a GraphQL document name: " + name));
  }
  let text = documents.get(name);
  if (!text) {
    text = fetch(DOCUMENTS + name + ".graphql").then((res) => {
      if (!res.ok) {
        throw new Error("HTTP " + res.status + " for the GraphQL document " + name);
      }
      return res.text();
    });
    text.catch(() => documents.delete(name));
    documents.set(name, text);
  }
  return text;
}

/** Sends the document named (/ui/graphql/<name>.graphql) with its variables; returns the answer's data. */
export async function gql(name, variables = {}) {
  const query = await graphqlDocument(name);
  const res = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + token() },
    body: JSON.stringify({ query, variables }),
  });
  if (res.status === 401) {
    throw new AuthError("the server refused this token");
  }
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    throw new Error("HTTP " + res.status + " from /graphql");
  }
  if (body.errors && body.errors.length) {
    throw new Error(body.errors.map((e) => e.message).join("; "));
  }
  if (!res.ok) {
    throw new Error((body && body.message) || "HTTP " + res.status);
  }
  return body.data;
}

async function sha256Hex(buffer) {
  const d = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Fetches an artifact's bytes (GET /api/artifacts/sha256:…), checks their SHA-256 against the
 * digest asked for and returns { blob, verified }.
 */
export async function fetchArtifact(digest, maxBytes) {
  const headers = { Authorization: "Bearer " + token() };
  if (maxBytes) {
    headers.Range = "bytes=0-" + (maxBytes - 1);
  }
  const res = await fetch("/api/artifacts/" + encodeURIComponent(digest).replace("%3A", ":"), { headers });
  if (res.status === 401) {
    throw new AuthError("the server refused this token");
  }
  if (!res.ok && res.status !== 206) {
    throw new Error("HTTP " + res.status + " for " + digest);
  }
  const buffer = await res.arrayBuffer();
  const verified = res.status === 200 && "sha256:" + (await sha256Hex(buffer)) === digest;
  // a range answer is partial only when the file is longer than what came
  const total = Number(((res.headers.get("Content-Range") || "").split("/")[1]) || buffer.byteLength);
  return { blob: new Blob([buffer]), verified, partial: res.status === 206 && total > buffer.byteLength };
}

/** Saves a blob as a file in the browser's downloads. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

/** A form asking for the bearer token, once per browser (kept in localStorage until "Log out"). */
export function askToken(el, done, message) {
  el.replaceChildren();
  const form = document.createElement("form");
  form.className = "token-form";
  form.innerHTML =
    '<h1>Sign in to Provenant</h1>' +
    '<p>Paste a bearer token. The local admin token is in <code>PROVENANT_HOME/admin.token</code>; ' +
    "an operator gives others theirs. It stays in this browser until you log out.</p>" +
    '<label for="token-input">Bearer token</label>' +
    '<input id="token-input" type="password" autocomplete="current-password" required>' +
    '<button type="submit">Sign in</button><p class="error" role="alert"></p>';
  if (message) {
    form.querySelector(".error").textContent = message;
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const value = form.querySelector("input").value.trim();
    setToken(value);
    try {
      await gql("server-principal");
      done();
    } catch (err) {
      logout();
      form.querySelector(".error").textContent = err.message;
    }
  });
  el.append(form);
  form.querySelector("input").focus();
}
