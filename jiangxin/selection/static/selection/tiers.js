// The campaign form's award tiers: "Add a tier" appends a row cloned from the formset's
// empty form (its __prefix__ replaced by the next index) and raises TOTAL_FORMS.
document.addEventListener("DOMContentLoaded", function () {
  var add = document.getElementById("sel-tier-add");
  var rows = document.getElementById("sel-tier-rows");
  var empty = document.getElementById("sel-tier-empty");
  var total = document.getElementById("id_tiers-TOTAL_FORMS");
  if (!add || !rows || !empty || !total) return;
  add.addEventListener("click", function () {
    var n = parseInt(total.value, 10) || 0;
    var html = empty.innerHTML.replace(/__prefix__/g, String(n));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(n + 1);
    var order = document.getElementById("id_tiers-" + n + "-order");
    if (order && !order.value) order.value = String(n + 1);
    var name = document.getElementById("id_tiers-" + n + "-name");
    if (name) name.focus();
  });
});
