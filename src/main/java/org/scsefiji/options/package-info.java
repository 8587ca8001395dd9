/**
 * The one description of every option: what each operation (segment an image, segment a folder, train,
 * fine-tune, evaluate, model info) accepts, with key, type, default, bounds, choices, help text and
 * whether it is required. Nothing here knows ImageJ; everything that takes options reads them through it:
 * the command line's flags ({@code cli.Flags}: {@code --tile-size} = {@code tile_size}), the Fiji
 * commands ({@code imagej.commands}: field name = key, checked by {@code CommandOptionsTest}), the ImageJ 1
 * entry point and its dialog ({@code imagej.ij1}), {@code train.TrainingConfig}, and the README's
 * macro-key tables ({@code ReadmeMacroKeysTest}).
 *
 * <h2>Adding an option</h2>
 * <ol>
 * <li>Add ONE line to the operation in {@link org.scsefiji.options.Operations} (a training option: to
 * {@link org.scsefiji.options.TrainingOptions#ALL}, and its key to the {@code TRAIN}/{@code FINE_TUNE}
 * selection if Fiji should show it as a field; otherwise it is reachable through {@code training_options}).
 * The command line takes it at once, with its help text in {@code --help}.</li>
 * <li>Read it where it acts: {@code settings.integer("key")} etc., or a {@code TrainingConfig} accessor.</li>
 * <li>Fiji: add the matching {@code @Parameter public <type> key = <default>;} field to the command (the
 * tests say what is missing or different), and paste the README table the failing
 * {@code ReadmeMacroKeysTest} prints.</li>
 * </ol>
 * A new operation is a new {@link org.scsefiji.options.Operation} in {@code Operations} (and in
 * {@code Operations.FIJI} when Fiji has a command for it), a command class, a {@code plugins.config} line
 * for plain ImageJ 1 and a case in {@code imagej.ij1.ScsePlugIn}.
 *
 * <p>Values are checked by {@link org.scsefiji.options.Settings}; error messages name the key and the
 * value. Keys are the public macro API: never rename one; an old spelling can stay readable as an alias
 * ({@link org.scsefiji.options.Option#aliases}), which only the command line accepts.
 */
package org.scsefiji.options;
