// Tells the merchant about a new warning or critical alert on whichever page is open (mounted once,
// in the app layout); informational alerts only show on the Dashboard and Security pages.
import { useRef } from "react";
import { useToast } from "../AppFeedback";
import { useAlertEvents } from "./LiveEvents";

export function AlertAnnouncer() {
  const toast = useToast();
  // Two runs can report the same new alert (overlapping monitors): one toast per alert.
  const announced = useRef(new Set<string>());
  useAlertEvents((event) => {
    if (event.severity === "info" || announced.current.has(event.alertId)) return;
    announced.current.add(event.alertId);
    toast(`New ${event.severity} alert: ${event.title}`, { error: event.severity === "critical", duration: 8_000 });
  });
  return null;
}
