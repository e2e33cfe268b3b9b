/// <reference lib="dom" />
/**
 * The submit form. It sends what the user typed and shows the manager's own message when the
 * spec is refused (the page checks nothing the manager would not: one set of rules). Fields
 * this manager's API does not have, or whose feature it does not serve, are not shown.
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
  cpu: string;
  memoryMb: string;
  devices: string;
  selector: string;
  dependsOn: string;
  dependencyPolicy: string;
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
  cpu: "",
  memoryMb: "",
  devices: "",
  selector: "",
  dependsOn: "",
  dependencyPolicy: "DEPENDENCY_POLICY_AFTER_SUCCESS",
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
    // The manager says which spec fields it acts on: only those are offered.
    schema().then((s) => setFields(s.fields.JobSpec)).catch(() => setFields([]));
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
        cpu: j.resources?.cpuMillis ? String(j.resources.cpuMillis / 1000) : "",
        memoryMb: j.resources?.memoryMb ? String(j.resources.memoryMb) : "",
        devices: pairs(j.resources?.devices as never),
        selector: pairs(j.selector),
        dependsOn: (j.dependencies ?? []).map((d) => d.jobId).join("\n"),
        dependencyPolicy: j.dependencyPolicy || EMPTY.dependencyPolicy,
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
      if (has("resources") && (form.cpu || form.memoryMb || form.devices)) {
        const devices = parsePairs(form.devices, "Devices");
        spec.resources = {
          cpuMillis: Math.round(Number(form.cpu || 0) * 1000),
          memoryMb: Number(form.memoryMb || 0),
          devices: Object.fromEntries(Object.entries(devices).map(([k, v]) => [k, Number(v)])),
        };
      }
      if (has("dependsOn") && form.dependsOn.trim()) {
        spec.dependsOn = form.dependsOn.split(/[\s,]+/).filter(Boolean);
        spec.dependencyPolicy = form.dependencyPolicy;
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
          <div class="row3">
            <${Field} id="f-cpu" label="CPU (cores)">
              <input id="f-cpu" type="number" min="0" step="0.001" value=${form.cpu}
                onInput=${set("cpu")} /><//>
            <${Field} id="f-memory" label="Memory (MiB)">
              <input id="f-memory" type="number" min="0" value=${form.memoryMb}
                onInput=${set("memoryMb")} /><//>
            <${Field} id="f-devices" label="Devices" hint="name=count per line, e.g. gpu=1.">
              <textarea id="f-devices" rows="1" class="mono" value=${form.devices}
                onInput=${set("devices")}></textarea><//>
          </div>
        `
        : null}
      ${has("selector")
        ? html`
          <${Field} id="f-selector" label="Worker selector"
            hint="One label=value per line: the worker must have them all.">
            <textarea id="f-selector" rows="2" class="mono" value=${form.selector}
              onInput=${set("selector")}></textarea>
            <//>
        `
        : null}
      ${has("dependsOn")
        ? html`
          <${Field} id="f-deps" label="Depends on" hint="Job ids, one per line: this job waits for them.">
            <textarea id="f-deps" rows="2" class="mono" value=${form.dependsOn}
              onInput=${set("dependsOn")}></textarea><//>
          ${has("dependencyPolicy")
            ? html`<${Field} id="f-policy" label="Run when the dependencies">
          <select id="f-policy" value=${form.dependencyPolicy} onChange=${set("dependencyPolicy")}>
            <option value="DEPENDENCY_POLICY_AFTER_SUCCESS">all completed</option>
            <option value="DEPENDENCY_POLICY_AFTER_COMPLETION">all ended, whatever the outcome</option>
          </select><//>`
            : null}
        `
        : null}
      <p id="submit-error" class="error" role="alert">${error}</p>
      <button type="submit" disabled=${busy}>Submit</button>
    </form>
  `;
}
