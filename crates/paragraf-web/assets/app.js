// Enhancements only: every page works without this file.
// Upload: send each chosen file on its own, with a progress bar and its own
// result, instead of one long form post.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  form.addEventListener("submit", (event) => {
    const input = form.querySelector("input[type=file]");
    if (!input.files.length) return;
    event.preventDefault();
    const csrf = form.querySelector("input[name=csrf]").value;
    const list = document.getElementById("upload-results");
    list.replaceChildren();
    const files = Array.from(input.files);
    const next = (index) => {
      if (index >= files.length) return;
      const file = files[index];
      const item = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = file.name + " ";
      const bar = document.createElement("progress");
      bar.max = 100; bar.value = 0;
      bar.setAttribute("aria-label", "Uppladdning av " + file.name);
      const result = document.createElement("span");
      result.setAttribute("role", "status");
      item.append(name, bar, result);
      list.append(item);
      const body = new FormData();
      body.append("files", file);
      const request = new XMLHttpRequest();
      request.open("POST", "/api/v1/uploads");
      request.setRequestHeader("X-CSRF-Token", csrf);
      request.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = (100 * e.loaded) / e.total; };
      request.onload = () => {
        bar.value = 100;
        let text = "Fel: servern svarade " + request.status;
        let meeting = null;
        try {
          const answer = JSON.parse(request.responseText);
          if (answer.files && answer.files[0]) {
            text = answer.files[0].message;
            meeting = answer.files[0].meeting_id;
          } else if (answer.error) text = "Fel: " + answer.error.message;
        } catch (_) { /* keep the status line */ }
        result.textContent = " ";
        if (meeting !== null && meeting !== undefined) {
          const link = document.createElement("a");
          link.href = "/moten/" + meeting;
          link.textContent = text;
          result.append(link);
        } else {
          result.append(text);
        }
        next(index + 1);
      };
      request.onerror = () => { result.textContent = " Fel: kunde inte nå servern"; next(index + 1); };
      request.send(body);
    };
    next(0);
  });
});
