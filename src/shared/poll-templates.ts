/**
 * Named sets of options, for the places where a poll is made from text rather than in the editor:
 * an Automation action's "Options" may be one of these names instead of one option per line.
 * The poll editor offers the same sets (static/poll/src/manage/templates.ts imports these).
 */
export type OptionTemplate = { id: string; label: string; options: readonly string[] };

export const OPTION_TEMPLATES: readonly OptionTemplate[] = [
  { id: 'yes-no', label: 'Yes / No', options: ['Yes', 'No'] },
  { id: 'score', label: 'Score 1–5', options: ['1', '2', '3', '4', '5'] },
  { id: 'stars', label: 'Stars', options: ['⭐', '⭐⭐', '⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐⭐'] },
  { id: 'emoji', label: 'Emoji', options: ['😀', '🙂', '😐', '🙁', '😞'] },
];

/** The template a text names, by its id or its label, whatever the case and surrounding spaces. */
export function optionTemplateNamed(text: string): OptionTemplate | undefined {
  const name = text.trim().toLowerCase();
  return OPTION_TEMPLATES.find((template) => template.id === name || template.label.toLowerCase() === name);
}
