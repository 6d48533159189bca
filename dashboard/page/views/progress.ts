import { postJson, type SweepState } from "../api.ts";
import { h } from "../dom.ts";

/**
 * A live progress box for a sweep, fed by server-sent events
 * (`/api/sweeps/:id/events`); on completion it links to the result.
 */
export function followSweep(initial: SweepState, onDone?: (s: SweepState) => void): HTMLElement {
  const bar = h("progress", { max: initial.total, value: initial.done });
  const text = h("span", { class: "sweep-status" }, `${initial.done}/${initial.total} runs`);
  const cancel = h("button", { type: "button", class: "cancel-sweep" }, "Cancel");
  cancel.addEventListener("click", () => {
    cancel.setAttribute("disabled", "");
    cancel.textContent = "Cancelling: finishing the runs in flight";
    void postJson<SweepState>(`/api/sweeps/${initial.id}/cancel`, {}).catch(() => {
      cancel.removeAttribute("disabled");
      cancel.textContent = "Cancel";
    });
  });
  const box = h(
    "div",
    { class: "sweep", "data-sweep": initial.id },
    h("strong", {}, initial.id),
    " ",
    bar,
    " ",
    text,
    " ",
    cancel,
  );
  const events = new EventSource(`/api/sweeps/${initial.id}/events`);
  const update = (s: SweepState) => {
    bar.value = s.done;
    bar.max = s.total;
    text.textContent = `${s.done}/${s.total} runs${s.status === "running" ? "" : ` · ${s.status}: ${s.message}`}`;
  };
  events.addEventListener("progress", (e) =>
    update(JSON.parse((e as MessageEvent).data) as SweepState),
  );
  events.addEventListener("done", (e) => {
    const s = JSON.parse((e as MessageEvent).data) as SweepState;
    update(s);
    events.close();
    cancel.remove();
    box.dataset.status = s.status;
    box.append(
      " ",
      h("a", { href: `#/result/${s.result}`, class: "open-result" }, "open the result"),
    );
    onDone?.(s);
  });
  return box;
}
