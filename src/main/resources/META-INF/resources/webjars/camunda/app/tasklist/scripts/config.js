// Drover's Tasklist configuration: Camunda's defaults (its keyboard shortcuts, as Camunda 7.24 ships
// them), without the sign-in page's probe for Camunda's separate welcome distribution
// (GET /camunda-welcome, a 404 in the console on every first visit).
export default {
  shortcuts: {
    claimTask: {
      key: 'ctrl+alt+c',
      description: 'claims the currently selected task'
    },
    focusFilter: {
      key: 'ctrl+shift+f',
      description: 'set the focus to the first filter in the list'
    },
    focusList: {
      key: 'ctrl+alt+l',
      description: 'sets the focus to the first task in the list'
    },
    focusForm: {
      key: 'ctrl+alt+f',
      description: 'sets the focus to the first input field in a task form'
    },
    startProcess: {
      key: 'ctrl+alt+p',
      description: 'opens the start process modal dialog'
    }
  },
  disableWelcomeMessage: true
};
