/** Starting points for a new poll: each fills the form, which the editor then changes freely. */
export type Template = { id: string; label: string; title: string; options: string[]; multiple?: boolean };

export const TEMPLATES: readonly Template[] = [
  { id: 'yes-no', label: 'Yes / No', title: '', options: ['Yes', 'No'] },
  { id: 'score', label: 'Score 1–5', title: '', options: ['1', '2', '3', '4', '5'] },
  { id: 'stars', label: 'Stars', title: '', options: ['⭐', '⭐⭐', '⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐⭐'] },
  { id: 'emoji', label: 'Emoji', title: '', options: ['😀', '🙂', '😐', '🙁', '😞'] },
  { id: 'blank', label: 'Blank', title: '', options: ['', ''] },
];
