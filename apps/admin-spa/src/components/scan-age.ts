// How old a realm scan is, in words ("3 minutes ago", "2 hours ago"): the overview and the operator's filtered
// list both show figures only as fresh as the sidecar's last scan.
export function scanAge(iso: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'less than a minute ago';
  if (minutes < 120) return minutes === 1 ? '1 minute ago' : `${String(minutes)} minutes ago`;
  return `${String(Math.round(minutes / 60))} hours ago`;
}
