// HTML escaping for mail bodies: every value that comes from users or Keycloak (application names, secret
// names, people's names) goes through `escapeHtml` before it is put into markup.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}
