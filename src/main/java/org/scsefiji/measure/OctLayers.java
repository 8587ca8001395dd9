package org.scsefiji.measure;

import java.util.List;

/**
 * The classes of OCT label images (the ReLayNet convention of the shipped model oct-retinal-layers): 0 vitreous
 * above the ILM, 1-7 the retinal layers from the inner to the outer retina, 8 choroid below Bruch's membrane,
 * 9 fluid. Any other value (such as 255, "not labelled") is treated like fluid: it belongs to no layer.
 */
public final class OctLayers {
    public static final int VITREOUS = 0;
    public static final int FIRST_LAYER = 1;
    public static final int LAST_LAYER = 7;
    public static final int CHOROID = 8;
    public static final int FLUID = 9;
    /** Layers 1..7. */
    public static final int LAYERS = 7;
    /** Boundaries 0..7: ILM, the six between consecutive layers, BM. */
    public static final int BOUNDARIES = LAYERS + 1;

    /** Layer names, index 0 = class 1. */
    public static final List<String> LAYER_NAMES = List.of("NFL", "GCL+IPL", "INL", "OPL", "ONL+ISM", "ISE", "OS+RPE");
    /** Layer keys for column names, index 0 = class 1; {@link #RETINA_KEY} for ILM to BM. */
    public static final List<String> LAYER_KEYS = List.of("nfl", "gcl_ipl", "inl", "opl", "onl_ism", "ise", "os_rpe");
    public static final String RETINA_KEY = "retina";
    public static final String RETINA_NAME = "retina (ILM-BM)";
    /** Boundary names, index k = the boundary below layer k (0 = ILM, 7 = BM). */
    public static final List<String> BOUNDARY_NAMES = List.of("ILM", "NFL/GCL", "IPL/INL", "INL/OPL", "OPL/ONL", "ISM/ISE", "ISE/OS", "BM");
    public static final List<String> BOUNDARY_KEYS = List.of("ilm", "nfl_gcl", "ipl_inl", "inl_opl", "opl_onl", "ism_ise", "ise_os", "bm");

    private OctLayers() {
    }

    /** The depth order of a class (0 vitreous .. 8 choroid), or -1 for fluid and unknown values, which have no place in it. */
    static int rank(int label) {
        return label >= VITREOUS && label <= CHOROID ? label : -1;
    }
}
