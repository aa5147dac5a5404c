// Where a dialog puts the focus when it opens: on the element marked with this attribute (its first field, or
// Cancel in a confirmation), not on the close button, where a Space typed at once (a name with a space in it)
// would close the dialog. Only one dialog is open at a time, so one marker suffices.
export const INITIAL_FOCUS_ATTRIBUTE = 'data-initial-focus';

/** The selector for PatternFly Modal's `elementToFocus`. */
export const INITIAL_FOCUS = `[${INITIAL_FOCUS_ATTRIBUTE}]`;

/** Spread onto the element that gets the focus first. */
export const initialFocus = { [INITIAL_FOCUS_ATTRIBUTE]: '' } as const;
