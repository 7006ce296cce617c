/**
 * A page's forms: what a refused form sends back to be shown again (the typed values and the reason per
 * field), and how a field reads it.
 */

/** What a refused form sent back: the typed values and the reason per field. */
export interface FormState {
  form: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string;
}

/** What the form typed, when `state` is this form's, else `fallback`. */
export function typedOr(state: FormState | undefined, form: string, name: string, fallback: string): string {
  return state?.form === form ? (state.values[name] ?? "") : fallback;
}
/** The reason next to a field, when `state` is this form's. */
export function errorOf(state: FormState | undefined, form: string, name: string): string | undefined {
  return state?.form === form ? state.errors[name] : undefined;
}
