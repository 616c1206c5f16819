// The review app's only script, served from its own origin (CSP script-src 'self'). It changes no
// markup: choosing a filter value submits the filter form, and a bulk or decision button cannot be
// pressed twice while its request is under way.

document.addEventListener('DOMContentLoaded', () => {
  const filters = document.querySelector('form.filters');
  if (filters) {
    for (const select of filters.querySelectorAll('select')) {
      select.addEventListener('change', () => filters.requestSubmit());
    }
  }
  for (const form of document.querySelectorAll('form[method="post"]')) {
    form.addEventListener('submit', () => {
      setTimeout(() => {
        for (const button of form.querySelectorAll('button')) button.disabled = true;
      }, 0);
    });
  }
});
