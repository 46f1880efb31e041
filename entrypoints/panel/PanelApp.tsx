export function PanelApp() {
  return <main>Overlap</main>;
}
