/** Team Voice's 5-star example poll, verbatim from its REST API documentation: the compatibility case. */
export const STAR_POLL = {
  settings: {
    allowSelectionOfMultipleOptions: false,
    resultsVisibility: 'alwaysPublic',
    endDate: '',
    hideAbsoluteNumbers: false,
    allowRevote: false,
    saveParticipantNames: false,
    closePollOnEndDate: false,
    allowComment: false,
  },
  options: [
    { id: '1', title: '⭐', order: 0 },
    { id: '2', title: '⭐⭐', order: 1 },
    { id: '3', title: '⭐⭐⭐', order: 2 },
    { id: '4', title: '⭐⭐⭐⭐', order: 3 },
    { id: '5', title: '⭐⭐⭐⭐⭐', order: 4 },
  ],
  description: 'Simple scoring from 1 to 5 stars',
  title: 'Stars from ⭐ to ⭐⭐⭐⭐⭐',
};
