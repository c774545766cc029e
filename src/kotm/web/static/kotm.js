// kotm serve: the page works without this file; it only adds keyboard shortcuts.
// "/" focuses the search box (as on many sites), Escape leaves it; Ctrl+Enter in the add form submits it.
document.addEventListener("keydown", (event) => {
  const box = document.getElementById("q");
  const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName);
  if (event.key === "/" && !typing && box) {
    event.preventDefault();
    box.focus();
    box.select();
  } else if (event.key === "Escape" && document.activeElement === box) {
    box.blur();
  } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && document.activeElement.form) {
    document.activeElement.form.requestSubmit();
  }
});
