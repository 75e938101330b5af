/* Signature pad (progressive enhancement): draws with mouse, stylus or touch on a canvas and
   copies the drawing, as a PNG data URL, into the hidden field signature_drawn. Without
   JavaScript the page still offers the upload of a signature image. */
(function () {
  "use strict";

  function setUp(fieldset) {
    var wrap = fieldset.querySelector(".signature-canvas-wrap");
    var canvas = fieldset.querySelector(".signature-canvas");
    var hidden = fieldset.querySelector("input[name$='signature_drawn']");
    var clear = fieldset.querySelector("[data-signature-clear]");
    var help = fieldset.querySelector(".signature-help-js");
    if (!wrap || !canvas || !hidden || !canvas.getContext) {
      return;
    }
    wrap.hidden = false;
    if (help) {
      help.hidden = false;
    }
    var context = canvas.getContext("2d");
    var drawing = false;
    var inked = false;

    function blank() {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.lineWidth = 2.5;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#0b1f4d";
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) * (canvas.width / box.width),
        y: (event.clientY - box.top) * (canvas.height / box.height)
      };
    }

    function save() {
      hidden.value = inked ? canvas.toDataURL("image/png") : "";
    }

    blank();
    if (hidden.value && hidden.value.indexOf("data:image/") === 0) {
      var previous = new Image();
      previous.onload = function () {
        context.drawImage(previous, 0, 0);
        inked = true;
      };
      previous.src = hidden.value;
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      drawing = true;
      if (canvas.setPointerCapture) {
        canvas.setPointerCapture(event.pointerId);
      }
      var p = point(event);
      context.beginPath();
      context.moveTo(p.x, p.y);
      context.lineTo(p.x + 0.1, p.y + 0.1);
      context.stroke();
      inked = true;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) {
        return;
      }
      event.preventDefault();
      var p = point(event);
      context.lineTo(p.x, p.y);
      context.stroke();
    });
    function stop() {
      if (drawing) {
        drawing = false;
        save();
      }
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("pointerleave", stop);
    if (clear) {
      clear.addEventListener("click", function () {
        inked = false;
        blank();
        save();
      });
    }
  }

  document.querySelectorAll("[data-signature-pad]").forEach(setUp);
})();
