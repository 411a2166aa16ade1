/** Helpers shared by the modules' unit tests (test scope only; not a bundle of the runtime). */
package org.korlang.testkit;
