/**
 * Arithmetic over resource amounts and label matching: the vocabulary placement and the
 * fleet share. Pure functions over plain data.
 */
import type { Resources } from "../../shared/model.ts";

/** What a worker has left for new attempts (or offers in total): its slots and resources. */
export interface Room {
  slots: number;
  cpuMillis: number;
  memoryMb: number;
  devices: Record<string, number>;
}

/** Whether a request has nothing beyond its slot. */
export function isSlotOnly(req: Resources): boolean {
  if (req.cpuMillis > 0 || req.memoryMb > 0) return false;
  for (const _ in req.devices) return false;
  return true;
}

/** Whether `room` holds one more attempt asking for `req`. */
export function fits(room: Room, req: Resources): boolean {
  return room.slots >= 1 && fitsResources(room, req);
}

/** Whether `room` holds `req`'s cpu, memory and devices, whatever its slots. */
export function fitsResources(room: Room, req: Resources): boolean {
  if (room.cpuMillis < req.cpuMillis || room.memoryMb < req.memoryMb) return false;
  for (const name in req.devices) {
    if ((room.devices[name] ?? 0) < req.devices[name]) return false;
  }
  return true;
}

/** Take one attempt's request (and its slot) out of `room`, in place; never below zero. */
export function take(room: Room, req: Resources): void {
  room.slots = Math.max(0, room.slots - 1);
  room.cpuMillis = Math.max(0, room.cpuMillis - req.cpuMillis);
  room.memoryMb = Math.max(0, room.memoryMb - req.memoryMb);
  for (const name in req.devices) {
    room.devices[name] = Math.max(0, (room.devices[name] ?? 0) - req.devices[name]);
  }
}

/** Add `b` to `a` in place (allocation of a new attempt). */
export function addResources(a: Resources, b: Resources): void {
  a.cpuMillis += b.cpuMillis;
  a.memoryMb += b.memoryMb;
  for (const name in b.devices) a.devices[name] = (a.devices[name] ?? 0) + b.devices[name];
}

/** Subtract `b` from `a` in place (an attempt ended); devices at zero disappear. */
export function subtractResources(a: Resources, b: Resources): void {
  a.cpuMillis = Math.max(0, a.cpuMillis - b.cpuMillis);
  a.memoryMb = Math.max(0, a.memoryMb - b.memoryMb);
  for (const name in b.devices) {
    const left = (a.devices[name] ?? 0) - b.devices[name];
    if (left > 0) a.devices[name] = left;
    else delete a.devices[name];
  }
}

/** Capacity minus allocation, with the free slots: what new attempts may use. */
export function freeRoom(
  slots: number,
  capacity: Resources,
  allocated: Resources,
  attempts: number,
): Room {
  const devices: Record<string, number> = {};
  for (const name in capacity.devices) {
    devices[name] = Math.max(0, capacity.devices[name] - (allocated.devices[name] ?? 0));
  }
  return {
    slots: Math.max(0, slots - attempts),
    cpuMillis: Math.max(0, capacity.cpuMillis - allocated.cpuMillis),
    memoryMb: Math.max(0, capacity.memoryMb - allocated.memoryMb),
    devices,
  };
}

/** Kubernetes nodeSelector semantics: every pair of the selector is a label of the worker. */
export function matchesSelector(
  labels: Record<string, string>,
  selector: Record<string, string>,
): boolean {
  for (const key in selector) {
    if (labels[key] !== selector[key]) return false;
  }
  return true;
}

/** "1.5 cpu", "4 cpu". */
export const formatCpu = (millis: number) => `${Number((millis / 1000).toFixed(3))} cpu`;
