/// <reference lib="dom" />
/** The only thing served to someone without the client token. */
import { useState } from "preact/hooks";
import { html } from "../html.ts";

export function LoginView({ error, onToken }: { error: string; onToken: (t: string) => void }) {
  const [value, setValue] = useState("");
  return html`
    <main class="login" id="main">
      <h1>Titan</h1>
      <form class="card" onSubmit=${(e: Event) => {
        e.preventDefault();
        if (value.trim()) onToken(value.trim());
      }}>
        <label for="token">Client token</label>
        <p class="muted">The manager requires the client token (TITAN_TOKEN). It is kept in this
          tab only (sessionStorage) and sent as an Authorization header.</p>
        <input id="token" name="token" type="password" autocomplete="current-password" autofocus
          value=${value} onInput=${(e: Event) => setValue((e.target as HTMLInputElement).value)} />
        ${error ? html`<p class="error" role="alert">${error}</p>` : null}
        <button type="submit">Sign in</button>
      </form>
    </main>
  `;
}
