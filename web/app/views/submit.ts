/// <reference lib="dom" />
/**
 * The submit form. It sends what the user typed and shows the manager's own message when the
 * spec is refused (the page checks nothing the manager would not: one set of rules). Fields
 * the manager's JobSpec does not have (name, queue, resources, selector on an older manager)
 * are not shown.
 */
import { useEffect, useState } from "preact/hooks";
import { call, schema } from "../api.ts";
import { pairs, parsePairs } from "../format.ts";
import { html } from "../html.ts";
import type { JobStatus } from "../types.ts";

interface Form {
  name: string;
  command: string;
  env: string;
  cwd: string;
  timeoutSeconds: string;
  maxRetries: string;
  priority: string;
  idempotencyKey: string;
  queue: string;
  resources: string;
  selector: string;
}

const EMPTY: Form = {
  name: "",
  command: "",
  env: "",
  cwd: "",
  timeoutSeconds: "0",
  maxRetries: "0",
  priority: "0",
  idempotencyKey: "",
  queue: "",
  resources: "",
  selector: "",
};

function Field(
  { id, label, hint, children }: { id: string; label: string; hint?: string; children: unknown },
) {
  return html`
    <div class="field">
      <label for=${id}>${label}</label>
      ${children}
      ${hint ? html`<small class="muted" id=${`${id}-hint`}>${hint}</small>` : null}
    </div>
  `;
}

export function SubmitView({ from }: { from: string }) {
  const [form, setForm] = useState<Form>(EMPTY);
  const [fields, setFields] = useState<string[]>([]);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    schema().then((r) => setFields(r.fields.JobSpec)).catch(() => setFields([]));
  }, []);
  useEffect(() => {
    if (!from) return;
    call<JobStatus>("GetJobStatus", { jobId: from }).then((j) =>
      setForm({
        ...EMPTY,
        name: j.name ?? "",
        command: j.command,
        env: pairs(j.env),
        cwd: j.cwd,
        timeoutSeconds: String(j.timeoutSeconds),
        maxRetries: String(j.maxRetries),
        priority: String(j.priority),
        queue: j.queue ?? "",
        resources: pairs(j.resources as never),
        selector: pairs(j.selector),
      })
    ).catch((err) => setError((err as Error).message));
  }, [from]);

  const set = (k: keyof Form) => (e: Event) =>
    setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  const has = (k: string) => fields.includes(k);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    let spec: Record<string, unknown>;
    try {
      spec = {
        command: form.command,
        env: parsePairs(form.env, "Environment"),
        cwd: form.cwd,
        timeoutSeconds: Number(form.timeoutSeconds || 0),
        maxRetries: Number(form.maxRetries || 0),
        priority: Number(form.priority || 0),
        idempotencyKey: form.idempotencyKey,
      };
      if (has("name") && form.name) spec.name = form.name;
      if (has("queue") && form.queue) spec.queue = form.queue;
      if (has("selector") && form.selector) spec.selector = parsePairs(form.selector, "Selector");
      if (has("resources") && form.resources) {
        const r = parsePairs(form.resources, "Resources");
        spec.resources = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]));
      }
    } catch (err) {
      setError((err as Error).message);
      return;
    }
    setBusy(true);
    try {
      const res = await call<{ jobId: string }>("SubmitJob", spec);
      location.hash = `#/jobs/${res.jobId}`;
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return html`
    <h1>Submit a job</h1>
    <form class="card submit" onSubmit=${submit} aria-describedby="submit-error">
      ${has("name")
        ? html`<${Field} id="f-name" label="Name">
        <input id="f-name" value=${form.name} onInput=${set("name")} /><//>`
        : null}
      <${Field} id="f-command" label="Command" hint="Run by the worker (with sh -c when it uses shell syntax).">
        <textarea id="f-command" required rows="3" class="mono" value=${form.command}
          onInput=${set("command")}></textarea><//>
      <${Field} id="f-env" label="Environment" hint="One NAME=value per line.">
        <textarea id="f-env" rows="2" class="mono" value=${form.env} onInput=${set(
          "env",
        )}></textarea><//>
      <${Field} id="f-cwd" label="Working directory" hint="Absolute; empty = the worker's work dir.">
        <input id="f-cwd" class="mono" value=${form.cwd} onInput=${set("cwd")} /><//>
      <div class="row3">
        <${Field} id="f-timeout" label="Timeout (s)">
          <input id="f-timeout" type="number" min="0" value=${form.timeoutSeconds}
            onInput=${set("timeoutSeconds")} /><//>
        <${Field} id="f-retries" label="Retries">
          <input id="f-retries" type="number" min="0" value=${form.maxRetries}
            onInput=${set("maxRetries")} /><//>
        <${Field} id="f-priority" label="Priority">
          <input id="f-priority" type="number" value=${form.priority} onInput=${set(
            "priority",
          )} /><//>
      </div>
      <${Field} id="f-key" label="Idempotency key" hint="A second submit with the same key returns the first job.">
        <input id="f-key" value=${form.idempotencyKey} onInput=${set("idempotencyKey")} /><//>
      ${has("queue")
        ? html`<${Field} id="f-queue" label="Queue">
        <input id="f-queue" value=${form.queue} onInput=${set("queue")} /><//>`
        : null}
      ${has("resources")
        ? html`
          <${Field} id="f-resources" label="Resources" hint="One name=amount per line, e.g. cpu=2.">
            <textarea id="f-resources" rows="2" class="mono" value=${form.resources}
              onInput=${set("resources")}></textarea>
            <//>
        `
        : null}
      ${has("selector")
        ? html`
          <${Field} id="f-selector" label="Worker selector" hint="One label=value per line.">
            <textarea id="f-selector" rows="2" class="mono" value=${form.selector}
              onInput=${set("selector")}></textarea>
            <//>
        `
        : null}
      <p id="submit-error" class="error" role="alert">${error}</p>
      <button type="submit" disabled=${busy}>Submit</button>
    </form>
  `;
}
